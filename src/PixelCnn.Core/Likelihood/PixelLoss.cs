using PixelCnn.Networks;
using PixelCnn.Numerics;

namespace PixelCnn.Likelihood;

/// <summary>
/// The one home of the per-pixel loss: the cross-entropy of each pixel's 256-way softmax against the pixel's value
/// (its negative log-likelihood in nats). Computed with the 256 values as the last dimension, where libtorch's softmax
/// runs its fastest kernels; logits a network computed in channels-last memory are already laid out so, and need no
/// copy. Logits come in the network's compute type (float32, or bfloat16 from a mixed-precision copy) and are taken
/// a slice of images at a time, each slice converted to float32: the loss's float32 tensors (the converted logits,
/// their log-softmax and its gradient) then stay a few megabytes each, where whole-batch ones (100 MB at batch 128)
/// were fresh memory the kernel zeroed on every step whenever the C library served them from a thread arena by mmap.
/// </summary>
public static class PixelLoss
{
    /// <summary>Pixels per slice by default: 16 MB of float32 logits.</summary>
    public const long SlicePixels = 16384;

    /// <summary>
    /// The negative log-likelihood of every pixel, float32 [B,1,H,W], for logits [B,256,1,H,W] and int64 pixel values
    /// [B,1,H,W]; <paramref name="slicePixels"/> bounds the pixels converted at a time (at least one image).
    /// </summary>
    public static Tensor PerPixel(Tensor logits, Tensor targets, long slicePixels = SlicePixels)
    {
        using var scope = torch.NewDisposeScope();
        Tensor[] nll = Slices(logits, targets, slicePixels)
            .Select(s => nn.functional.cross_entropy(s.Rows, s.Targets, reduction: nn.Reduction.None))
            .ToArray();
        return torch.cat(nll).view(targets.shape).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The mean negative log-likelihood over every pixel of the batch (a float32 scalar), the training loss; its
    /// gradient reaches the logits in their own type.
    /// </summary>
    public static Tensor Mean(Tensor logits, Tensor targets, long slicePixels = SlicePixels)
    {
        using var scope = torch.NewDisposeScope();
        Tensor[] sums = Slices(logits, targets, slicePixels)
            .Select(s => nn.functional.cross_entropy(s.Rows, s.Targets, reduction: nn.Reduction.Sum))
            .ToArray();
        Tensor total = sums.Length == 1 ? sums[0] : torch.stack(sums).sum();
        using Scalar count = targets.numel();
        return total.div(count).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Consecutive slices of whole images: each one's logits as float32 rows [pixels, 256] and its targets [pixels].
    /// </summary>
    [InCallersDisposeScope]
    private static IEnumerable<(Tensor Rows, Tensor Targets)> Slices(Tensor logits, Tensor targets, long slicePixels)
    {
        long pixels = targets.shape[^2] * targets.shape[^1];
        long images = Math.Max(1, slicePixels / pixels);
        Tensor[] logitSlices = logits.split(images, 0);
        Tensor[] targetSlices = targets.split(images, 0);
        return logitSlices.Zip(targetSlices, (l, t) => (Rows(l).to(ScalarType.Float32), t.reshape(-1)));
    }

    /// <summary>Logits [B,256,1,H,W] as [B*H*W, 256]: one row per pixel.</summary>
    [InCallersDisposeScope]
    private static Tensor Rows(Tensor logits) =>
        logits.permute(0, 2, 3, 4, 1).reshape(-1, AutoregressiveNetwork.Levels);
}
