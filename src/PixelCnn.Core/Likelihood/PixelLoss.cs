using PixelCnn.Networks;
using PixelCnn.Numerics;

namespace PixelCnn.Likelihood;

/// <summary>
/// The one home of the per-pixel loss: the cross-entropy of each pixel's 256-way softmax against the pixel's value
/// (its negative log-likelihood in nats). Computed with the 256 values as the last dimension, where libtorch's softmax
/// runs its fastest kernels; logits a network computed in channels-last memory are already laid out so, and need no
/// copy.
/// </summary>
public static class PixelLoss
{
    /// <summary>
    /// The negative log-likelihood of every pixel, [B,1,H,W], for logits [B,256,1,H,W] and int64 pixel values
    /// [B,1,H,W].
    /// </summary>
    public static Tensor PerPixel(Tensor logits, Tensor targets)
    {
        using var scope = torch.NewDisposeScope();
        Tensor nll = nn.functional.cross_entropy(Rows(logits), targets.reshape(-1), reduction: nn.Reduction.None);
        return nll.view(targets.shape).MoveToOuterDisposeScope();
    }

    /// <summary>The mean negative log-likelihood over every pixel of the batch (a scalar), the training loss.</summary>
    public static Tensor Mean(Tensor logits, Tensor targets)
    {
        using var scope = torch.NewDisposeScope();
        return nn.functional.cross_entropy(Rows(logits), targets.reshape(-1)).MoveToOuterDisposeScope();
    }

    /// <summary>Logits [B,256,1,H,W] as [B*H*W, 256]: one row per pixel.</summary>
    [InCallersDisposeScope]
    private static Tensor Rows(Tensor logits) =>
        logits.permute(0, 2, 3, 4, 1).reshape(-1, AutoregressiveNetwork.Levels);
}
