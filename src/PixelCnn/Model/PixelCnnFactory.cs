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

    /// <summary>Classes of a conditional model (the ten MNIST digits).</summary>
    public const int DefaultClasses = 10;

    /// <summary>Creates the tutorial's PixelCNN; with a seed the initial weights are reproducible.</summary>
    public static PixelCnnModel Create(int hiddenDim, Device device, int? seed = null) =>
        Create(PixelCnnArchitecture.PixelCnn, hiddenDim, conditional: false, device, seed);

    /// <summary>Creates a model of the given architecture; with a seed the initial weights are reproducible.</summary>
    public static PixelCnnModel Create(PixelCnnArchitecture architecture, int hiddenDim, bool conditional, Device device, int? seed = null)
    {
        if (conditional && architecture != PixelCnnArchitecture.Gated)
        {
            throw new PixelCnnException(
                "-Conditional needs -Architecture Gated: the tutorial's PixelCnn stays the exact, unconditional reference model.",
                "ConditionalNeedsGated", ErrorCategory.InvalidArgument, architecture);
        }

        if (hiddenDim < 1 || hiddenDim > MaxHiddenDim)
        {
            throw new PixelCnnException($"HiddenDim must be between 1 and {MaxHiddenDim}, not {hiddenDim}.", "InvalidHiddenDim", ErrorCategory.InvalidArgument, hiddenDim);
        }

        if (seed is int s)
        {
            torch.random.manual_seed(s);
        }

        AutoregressiveNetwork network = architecture == PixelCnnArchitecture.Gated
            ? new GatedPixelCnnNetwork(hiddenDim, conditional ? DefaultClasses : 0)
            : new PixelCnnNetwork(hiddenDim);
        network.to(device);
        return new PixelCnnModel(network, device);
    }
}
