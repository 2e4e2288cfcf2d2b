namespace PixelCnn.Training;

/// <summary>What one training epoch achieved. Start-PixelCnnTraining emits one as each epoch finishes.</summary>
public sealed class PixelCnnEpochRecord
{
    /// <summary>The epoch's number, counting every epoch the model was ever trained (1-based).</summary>
    public int Epoch { get; init; }

    /// <summary>Mean bits per dimension of the training batches (train-mode BatchNorm).</summary>
    public double TrainBpd { get; init; }

    /// <summary>
    /// The highest bits per dimension of one training batch in the epoch: a loss spike, which the mean hides but a
    /// weight average keeps for thousands of steps, shows here. 0 in records written before it was recorded.
    /// </summary>
    public double MaxBatchBpd { get; init; }

    /// <summary>
    /// The mean over the epoch's batches of the global L2 norm of the gradients (before clipping); 0 in older records.
    /// </summary>
    public double MeanGradientNorm { get; init; }

    /// <summary>
    /// The largest gradient norm of one batch in the epoch (before clipping): where a spike comes from; 0 in older
    /// records.
    /// </summary>
    public double MaxGradientNorm { get; init; }

    /// <summary>The norm the gradients were clipped to (-GradientClipNorm), or null without clipping.</summary>
    public double? GradientClipNorm { get; init; }

    /// <summary>Batches whose gradients were clipped.</summary>
    public int ClippedBatches { get; init; }

    /// <summary>
    /// Bits per dimension on the validation data (eval mode) of the weights the model uses: the average when it keeps
    /// one. Null without -ValidationData.
    /// </summary>
    public double? ValidationBpd { get; init; }

    /// <summary>With a weight average: validation bits per dimension of the trained (not averaged) weights.</summary>
    public double? TrainedValidationBpd { get; init; }

    /// <summary>True when the model kept a weight average in this epoch (ValidationBpd measures it).</summary>
    public bool Averaged { get; init; }

    /// <summary>libtorch threads used for training.</summary>
    public int Threads { get; init; }

    /// <summary>Floating-point precision of the training forward and backward passes.</summary>
    public string Precision { get; init; } = "Float32";

    /// <summary>Where the epoch ran (CPU model, logical processors and bfloat16 flags, or the CUDA device); null in
    /// records written before it was recorded.</summary>
    public string? Hardware { get; init; }

    /// <summary>
    /// Seed of the epoch's data order (the run's seed; epoch e shuffles with it and e); null in older records.
    /// </summary>
    public long? DataOrderSeed { get; init; }

    /// <summary>
    /// The share of the epoch's images a conditional model saw without their label (Start-PixelCnnTraining
    /// -LabelDropout); null when every image kept its label.
    /// </summary>
    public double? LabelDropout { get; init; }

    /// <summary>Adam's learning rate at the start of the epoch.</summary>
    public double LearningRate { get; init; }

    /// <summary>Wall time of the epoch (training and validation).</summary>
    public double Seconds { get; init; }

    /// <summary>Training throughput.</summary>
    public double ImagesPerSecond { get; init; }

    /// <summary>Images trained on in the epoch.</summary>
    public int Images { get; init; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"Epoch {this.Epoch}: train {this.TrainBpd:F4} bpd"
        + (this.ValidationBpd is double v ? $", validation {v:F4} bpd" : string.Empty);
}
