namespace PixelCnn.Training;

/// <summary>
/// The learning rate at every batch of a model's life. Time t counts epochs from the start of training:
/// batch b (0-based) of epoch e (1-based) of an epoch of n batches is at t = e - 1 + b / n, so a resumed run
/// continues exactly. An optional linear warm-up multiplies the rate by (t + 1/n) / warm-up until that reaches 1 (so
/// the first batch already moves).
/// Exponential: base * decay^(e - 1). Cosine: base * (1 + cos(pi * (t - warm-up) / (epochs - warm-up))) / 2, which
/// reaches zero at t = epochs.
/// </summary>
/// <param name="Kind">Exponential or Cosine.</param>
/// <param name="BaseRate">The rate at the start (after warm-up).</param>
/// <param name="Decay">Exponential: the factor per epoch.</param>
/// <param name="Epochs">Cosine: the planned length in epochs (the rate is zero there).</param>
/// <param name="WarmupEpochs">Epochs of linear warm-up (0: none).</param>
/// <param name="LabelScale">
/// A conditional network's label parameters learn at this multiple of the rate (1: like every other parameter). After a
/// warm start from an unconditional model they start at zero, and at the rate that suits the trained weights they would
/// take many epochs to grow.
/// </param>
public sealed record LearningRateSchedule(
    LearningRateScheduleKind Kind,
    double BaseRate,
    double Decay,
    int? Epochs,
    double WarmupEpochs,
    double LabelScale = 1
)
{
    /// <summary>
    /// True when the label parameters have a rate of their own (Adam then keeps them in a second group).
    /// </summary>
    public bool ScalesLabels => this.LabelScale != 1;

    /// <summary>True when the rate changes from batch to batch (cosine or warm-up), not only between epochs.</summary>
    public bool PerBatch => this.Kind == LearningRateScheduleKind.Cosine || this.WarmupEpochs > 0;

    /// <summary>
    /// True when the schedule has ended before <paramref name="epoch"/> (1-based) starts: a cosine schedule's rate is
    /// zero from then on.
    /// </summary>
    public bool EndsBefore(int epoch) =>
        this.Kind == LearningRateScheduleKind.Cosine && this.Epochs is int planned && epoch > planned;

    /// <summary>
    /// The rate of batch <paramref name="batch"/> (0-based) of <paramref name="batches"/> in epoch
    /// <paramref name="epoch"/> (1-based).
    /// </summary>
    public double At(int epoch, int batch, int batches)
    {
        double t = epoch - 1 + (batches > 0 ? (double)batch / batches : 0);
        double rate = this.Kind switch
        {
            LearningRateScheduleKind.Cosine => this.BaseRate * (1 + Math.Cos(Math.PI * this.CosineProgress(t))) / 2,
            _ => this.BaseRate * Math.Pow(this.Decay, epoch - 1),
        };
        double warmed = t + (batches > 0 ? 1.0 / batches : 1.0);
        return this.WarmupEpochs > 0 && warmed < this.WarmupEpochs ? rate * (warmed / this.WarmupEpochs) : rate;
    }

    /// <summary>
    /// How far time <paramref name="t"/> is through the cosine after warm-up: 0 at its start, 1 at its end.
    /// </summary>
    private double CosineProgress(double t) =>
        Math.Clamp((t - this.WarmupEpochs) / Math.Max(1e-12, (this.Epochs ?? 1) - this.WarmupEpochs), 0, 1);

    /// <inheritdoc/>
    public override string ToString() =>
        (
            this.Kind == LearningRateScheduleKind.Cosine
                ? $"cosine from {this.BaseRate:G4} to 0 over {this.Epochs} epochs"
                    + (this.WarmupEpochs > 0 ? $" after {this.WarmupEpochs:G4} warm-up epochs" : string.Empty)
                : $"{this.BaseRate:G4} x {this.Decay:G4}^epoch"
                    + (this.WarmupEpochs > 0 ? $", {this.WarmupEpochs:G4} warm-up epochs" : string.Empty)
        ) + (this.ScalesLabels ? $", label parameters x {this.LabelScale:G4}" : string.Empty);
}
