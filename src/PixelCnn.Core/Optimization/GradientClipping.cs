using PixelCnn.Numerics;

namespace PixelCnn.Optimization;

/// <summary>
/// The global L2 norm of a network's gradients and clipping to a maximum norm, as PyTorch's
/// <c>clip_grad_norm_</c> does (every gradient times min(1, max / (norm + 1e-6))), computed on the device: the norm
/// stays a tensor, so no host read is added to the batch.
/// </summary>
public static class GradientClipping
{
    /// <summary>What <c>clip_grad_norm_</c> adds to the norm before dividing.</summary>
    public const double Epsilon = 1e-6;

    /// <summary>
    /// The L2 norm of all of <paramref name="parameters"/>' gradients together (a float32 scalar tensor).
    /// </summary>
    public static Tensor Norm(IEnumerable<Tensor> parameters)
    {
        using var scope = torch.NewDisposeScope();
        Tensor[] squares = Gradients(parameters).Select(g => g.to(ScalarType.Float32).pow(Scalars.Two).sum()).ToArray();
        Tensor norm = squares.Length == 0 ? torch.zeros(System.Array.Empty<long>()) : torch.stack(squares).sum().sqrt();
        return norm.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Scales every gradient by min(1, <paramref name="maxNorm"/> / (<paramref name="norm"/> + 1e-6)); a gradient whose
    /// norm is below the maximum is multiplied by exactly 1 and stays bit for bit as it was.
    /// </summary>
    public static void Clip(IEnumerable<Tensor> parameters, Tensor norm, double maxNorm)
    {
        using var scope = torch.NewDisposeScope();
        using Scalar epsilon = Epsilon,
            max = maxNorm;
        // maxNorm / (norm + eps), as TorchSharp's operators compute it
        Tensor factor = norm.add(epsilon, Scalars.One).reciprocal().mul(max).clamp_max(Scalars.OneReal);
        using (torch.no_grad())
        {
            foreach (Tensor gradient in Gradients(parameters))
            {
                gradient.mul_(factor.to(gradient.dtype));
            }
        }
    }

    private static IEnumerable<Tensor> Gradients(IEnumerable<Tensor> parameters)
    {
        foreach (Tensor parameter in parameters)
        {
            if (parameter.grad is Tensor gradient)
            {
                yield return gradient;
            }
        }
    }
}
