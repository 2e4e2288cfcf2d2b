using TorchSharp.Modules;

namespace PixelCnn.Networks;

/// <summary>
/// A 1x1 convolution with bias: PyTorch's <c>nn.Conv2d(in, out, 1)</c> (the same parameters, state names and
/// initialisation, drawn from the same generator in the same order) whose forward pass runs through
/// <see cref="Convolution2d"/>, the one place the module's convolutions meet oneDNN, so its defects are worked around
/// for every layer.
/// </summary>
public sealed class PointwiseConvolution : Convolution
{
    private static readonly long[] One = { 1, 1 };
    private static readonly long[] None = { 0, 0 };

    /// <summary>Creates the layer with freshly initialised weights (kaiming-uniform weight, uniform bias).</summary>
    public PointwiseConvolution(long inChannels, long outChannels)
        : base(
            nameof(Conv2d),
            inChannels,
            outChannels,
            One,
            One,
            None,
            null,
            One,
            false,
            None,
            1,
            true,
            PaddingModes.Zeros
        ) { }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => Convolution2d.Compute(input, this.weight, this.bias, None);
}
