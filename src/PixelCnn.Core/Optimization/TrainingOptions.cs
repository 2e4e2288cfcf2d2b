using PixelCnn.Training;

namespace PixelCnn.Optimization;

/// <summary>How Start-PixelCnnTraining trains.</summary>
public sealed class TrainingOptions
{
    /// <summary>Epochs to run in this call (the model's epoch count continues from where it was).</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Images per batch.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>The learning-rate schedule over the model's life.</summary>
    public LearningRateSchedule Schedule { get; init; } =
        new(LearningRateScheduleKind.Exponential, 1e-3, 0.99, null, 0);

    /// <summary>Seed of the data order: epoch e shuffles with seed + e.</summary>
    public long Seed { get; init; }

    /// <summary>Shuffle the training data every epoch (off: the dataset's order, for equivalence checks).</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>
    /// Keep a Polyak average of the weights with this decay per step (null: no average, unless the model has one).
    /// </summary>
    public double? AverageDecay { get; init; }

    /// <summary>
    /// Clip the global L2 norm of the gradients to this before each step (null: no clipping, unless the model was
    /// trained with it; 0: off).
    /// </summary>
    public double? GradientClipNorm { get; init; }

    /// <summary>Precision of the forward and backward passes (Auto: see <see cref="PrecisionSelector"/>).</summary>
    public TrainingPrecision Precision { get; init; } = TrainingPrecision.Float32;

    /// <summary>
    /// A conditional model trains this share of the images (drawn anew every epoch from the seed) without their label
    /// (<see cref="Networks.AutoregressiveNetwork.NoLabel"/>), so it learns the unconditional distribution too; 0: off.
    /// </summary>
    public double LabelDropout { get; init; }

    /// <summary>libtorch threads during training (null: leave libtorch's setting).</summary>
    public int? Threads { get; init; }
}
