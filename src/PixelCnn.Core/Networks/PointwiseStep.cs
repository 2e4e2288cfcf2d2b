using PixelCnn.Numerics;
using TorchSharp.Modules;

namespace PixelCnn.Networks;

/// <summary>
/// A 1x1 convolution (an evaluation-mode BatchNorm after it folded in) for the cached samplers: one matrix product on
/// the features of pixels, [N, in] to [N, out] (N: a batch of pixels, or the pixels of a batch of rows).
/// </summary>
internal sealed class PointwiseStep
{
    private readonly Tensor weight; // [in, out]
    private readonly Tensor bias; // [out]

    /// <summary>The step of <paramref name="conv"/>, its tensors handed to <paramref name="keep"/>.</summary>
    public PointwiseStep(PointwiseConvolution conv, Func<Tensor, Tensor> keep, BatchNormalization2d? norm = null)
    {
        using var scope = torch.NewDisposeScope();
        Tensor matrix = conv.weight!.reshape(conv.weight.shape[0], conv.weight.shape[1]);
        (Tensor w, Tensor b) = FoldedNorm.Apply(matrix, conv.bias!, norm);
        this.weight = keep(w.t().contiguous());
        this.bias = keep(b.detach().clone());
    }

    /// <summary>The layer's output for the features [N, in] of N pixels: [N, out].</summary>
    [InCallersDisposeScope]
    public Tensor At(Tensor features) => torch.addmm(this.bias, features, this.weight, 1, 1);
}
