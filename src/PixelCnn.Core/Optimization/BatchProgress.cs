namespace PixelCnn.Optimization;

/// <summary>Where training is, for progress bars.</summary>
/// <param name="Epoch">The epoch being trained (1-based, counting all epochs of the model).</param>
/// <param name="EpochIndex">The epoch's position in this call (0-based).</param>
/// <param name="Epochs">Epochs in this call.</param>
/// <param name="Batch">Batches done in this epoch.</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="Loss">The last batch's loss (nats per pixel).</param>
/// <param name="GradientNorm">The global L2 norm of the last batch's gradients, before any clipping.</param>
public readonly record struct BatchProgress(
    int Epoch,
    int EpochIndex,
    int Epochs,
    int Batch,
    int Batches,
    double Loss,
    double GradientNorm = 0
)
{
    /// <summary>Fraction of this call's work done.</summary>
    public double Fraction =>
        this.Batches == 0 || this.Epochs == 0
            ? 1
            : (this.EpochIndex + ((double)this.Batch / this.Batches)) / this.Epochs;
}
