using System;
using System.Collections.Generic;
using System.Management.Automation;
using PixelCnn.Data;
using PixelCnn.Errors;
using PixelCnn.Imaging;

namespace PixelCnn.Commands;

/// <summary>
/// What a cmdlet that takes images from the pipeline accepts: a dataset (Import-Mnist) or an image (Import-Mnist,
/// Get-PixelCnnSample, Complete-PixelCnnImage); anything else is a non-terminating error and the pipeline goes on.
/// </summary>
internal static class ImageInput
{
    /// <summary>
    /// <paramref name="input"/> as the items it stands for: a dataset's images one by one, anything else as itself
    /// (Export-Png, which draws more than images, sorts them out).
    /// </summary>
    public static IEnumerable<object> Expand(object? input)
    {
        object? value = input is PSObject pso ? pso.BaseObject : input;
        return value switch
        {
            ImageDataset dataset => dataset,
            null => Array.Empty<object>(),
            _ => new[] { value },
        };
    }

    /// <summary>
    /// Hands <paramref name="input"/> to <paramref name="dataset"/> or <paramref name="image"/>, or reports it.
    /// </summary>
    public static void Route(PSCmdlet cmdlet, object? input, Action<ImageDataset> dataset, Action<PixelCnnImage> image)
    {
        object? value = input is PSObject pso ? pso.BaseObject : input;
        switch (value)
        {
            case ImageDataset set:
                dataset(set);
                break;
            case PixelCnnImage one:
                image(one);
                break;
            default:
                cmdlet.WriteError(
                    new PixelCnnException(
                        $"{cmdlet.MyInvocation.MyCommand.Name} takes images (Import-Mnist, Get-PixelCnnSample) or "
                            + $"datasets, not a {value?.GetType().Name ?? "null"}.",
                        "UnsupportedInput",
                        PixelCnnErrorKind.InvalidType,
                        value
                    ).ToErrorRecord()
                );
                break;
        }
    }
}
