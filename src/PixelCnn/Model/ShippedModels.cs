using System;
using System.IO;
using System.Management.Automation;
using PixelCnn.Checkpoints;
using PixelCnn.Errors;
using TorchSharp;

namespace PixelCnn.Model;

/// <summary>
/// Trained models that ship with the module (module/models next to the bin folder), each with a JSON record of how
/// it was trained. "Default" is the tutorial's PixelCNN trained on MNIST by examples/Train-DefaultModel.ps1,
/// "GatedConditional" the class-conditional Gated PixelCNN trained by the same script.
/// </summary>
public static class ShippedModels
{
    /// <summary>The shipped model used when a session has none.</summary>
    public const string DefaultName = "Default";

    /// <summary>The shipped class-conditional Gated PixelCNN.</summary>
    public const string GatedConditionalName = "GatedConditional";

    /// <summary>The folder of shipped models.</summary>
    public static string Folder
    {
        get
        {
            string bin = Path.GetDirectoryName(typeof(ShippedModels).Assembly.Location) ?? AppContext.BaseDirectory;
            return Path.GetFullPath(Path.Combine(bin, "..", "module", "models"));
        }
    }

    /// <summary>The checkpoint file of a shipped model.</summary>
    public static string PathOf(string name) => Path.Combine(Folder, $"pixelcnn-{name.ToLowerInvariant()}.safetensors");

    /// <summary>True when the shipped model exists in this build.</summary>
    public static bool Exists(string name) => File.Exists(PathOf(name));

    /// <summary>Loads a shipped model onto <paramref name="device"/>.</summary>
    public static PixelCnnModel Load(string name, torch.Device device)
    {
        string path = PathOf(name);
        if (!File.Exists(path))
        {
            throw new PixelCnnException(
                $"The shipped model '{name}' is not in this build of PixelCnn ('{path}' is missing). Train one with examples/Train-DefaultModel.ps1, or create a model with New-PixelCnn.",
                "ShippedModelNotFound", ErrorCategory.ObjectNotFound, name);
        }

        return CheckpointReader.Load(path, device).Model;
    }
}
