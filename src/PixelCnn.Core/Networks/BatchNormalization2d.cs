using PixelCnn.Numerics;
using TorchSharp.Modules;
using F = TorchSharp.torch.nn.functional;

namespace PixelCnn.Networks;

/// <summary>
/// PyTorch's <c>nn.BatchNorm2d</c> (the same parameters, buffers and state names as TorchSharp's
/// <see cref="BatchNorm2d"/>, momentum 0.1, eps 1e-5), whose training step counts its batches with a Scalar the module
/// owns: TorchSharp's <c>forward</c> does <c>num_batches_tracked.add_(1)</c>, a Scalar left to the finalizer (see
/// <see cref="Scalars"/>). Evaluation is <c>F.batch_norm</c> with the running statistics, as TorchSharp's.
/// </summary>
public sealed class BatchNormalization2d : BatchNorm
{
    /// <summary>A batch normalisation over <paramref name="features"/> channels of [B, C, H, W] input.</summary>
    public BatchNormalization2d(long features)
        : base(
            features,
            eps: 1e-5,
            momentum: 0.1,
            affine: true,
            track_running_stats: true,
            device: null,
            dtype: null,
            name: nameof(BatchNorm2d)
        ) { }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        this.ValidateInputDimensions(input);
        if (this.training && this.track_running_stats && this.num_batches_tracked is not null)
        {
            this.num_batches_tracked.add_(Scalars.One, Scalars.One);
        }

        bool useBatchStatistics = this.training || (this.running_mean is null && this.running_var is null);
        bool useRunning = !this.training || this.track_running_stats;
        return F.batch_norm(
            input,
            useRunning ? this.running_mean : null,
            useRunning ? this.running_var : null,
            this.weight,
            this.bias,
            useBatchStatistics,
            this.momentum!.Value,
            this.eps
        );
    }

    /// <inheritdoc/>
    protected override void ValidateInputDimensions(Tensor input)
    {
        if (input.ndim != 4)
        {
            throw new ArgumentException($"expected 4D input (got {input.ndim}D input)");
        }
    }
}
