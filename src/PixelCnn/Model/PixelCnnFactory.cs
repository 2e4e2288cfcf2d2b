using System.Management.Automation;
using PixelCnn.Errors;
using TorchSharp;
using static TorchSharp.torch;

namespace PixelCnn.Model;

/// <summary>Creates new models with fresh weights.</summary>
public static class PixelCnnFactory
{
    /// <summary>Largest hidden size accepted (2h features at 28x28 must fit in memory).</summary>
    public const int MaxHiddenDim = 1024;

    /// <summary>Creates a model; with a seed the initial weights are reproducible.</summary>
    public static PixelCnnModel Create(int hiddenDim, Device device, int? seed = null)
    {
        if (hiddenDim < 1 || hiddenDim > MaxHiddenDim)
        {
            throw new PixelCnnException($"HiddenDim must be between 1 and {MaxHiddenDim}, not {hiddenDim}.", "InvalidHiddenDim", ErrorCategory.InvalidArgument, hiddenDim);
        }

        if (seed is int s)
        {
            torch.random.manual_seed(s);
        }

        var network = new PixelCnnNetwork(hiddenDim);
        network.to(device);
        return new PixelCnnModel(network, device);
    }
}
