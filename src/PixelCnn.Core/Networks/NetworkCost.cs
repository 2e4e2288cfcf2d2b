using TorchSharp.Modules;

namespace PixelCnn.Networks;

/// <summary>
/// One convolution of a network: its kernel and channels, and the multiply-adds it does per output pixel.
/// </summary>
/// <param name="Name">The layer's state name.</param>
/// <param name="InChannels">Input channels (per group).</param>
/// <param name="OutChannels">Output channels.</param>
/// <param name="KernelHeight">Kernel rows.</param>
/// <param name="KernelWidth">Kernel columns.</param>
public sealed record ConvolutionCost(
    string Name,
    long InChannels,
    long OutChannels,
    long KernelHeight,
    long KernelWidth
)
{
    /// <summary>
    /// Multiply-adds per output pixel: every tap of the kernel the layer convolves with (a masked layer's open rows and
    /// columns, closed taps among them included: they are computed).
    /// </summary>
    public long MultiplyAddsPerPixel => this.InChannels * this.OutChannels * this.KernelHeight * this.KernelWidth;
}

/// <summary>
/// What a network's forward pass computes, counted from its layers: every convolution's kernel at every pixel, as
/// the layer computes it (a masked layer convolves with its design's open rows and columns only,
/// <see cref="MaskedConvolution.ComputedKernel"/>); the gates, activations and embeddings add well under 1%. A
/// training step costs about three forward passes (the backward pass computes the gradients of inputs and of weights).
/// </summary>
public static class NetworkCost
{
    /// <summary>The network's convolutions, each once, in the order the network registered them.</summary>
    public static IReadOnlyList<ConvolutionCost> Convolutions(AutoregressiveNetwork network)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var found = new List<ConvolutionCost>();
        var masked = network
            .MaskedConvolutions()
            .ToDictionary(
                m => (object)m.Layer.Convolution,
                m => m.Layer.ComputedKernel,
                ReferenceEqualityComparer.Instance
            );
        foreach (var (name, module) in network.named_modules())
        {
            if (module is Convolution conv && seen.Add(conv) && conv.weight is Parameter weight)
            {
                long[] shape = weight.shape;
                (long rows, long columns) = masked.TryGetValue(conv, out var kernel) ? kernel : (shape[2], shape[3]);
                found.Add(new ConvolutionCost(name, shape[1], shape[0], rows, columns));
            }
        }

        return found;
    }

    /// <summary>Multiply-adds per pixel of one forward pass.</summary>
    public static long MultiplyAddsPerPixel(AutoregressiveNetwork network) =>
        Convolutions(network).Sum(c => c.MultiplyAddsPerPixel);

    /// <summary>
    /// Floating-point operations (a multiply-add is two) of one forward pass over one image of the network's size.
    /// </summary>
    public static double ForwardFlopsPerImage(AutoregressiveNetwork network) =>
        2.0 * MultiplyAddsPerPixel(network) * network.Shape.Pixels;

    /// <summary>
    /// Floating-point operations of one training image: forward, and backward to inputs and to weights.
    /// </summary>
    public static double TrainingFlopsPerImage(AutoregressiveNetwork network) => 3 * ForwardFlopsPerImage(network);
}
