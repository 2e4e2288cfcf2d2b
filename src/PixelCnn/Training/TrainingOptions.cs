namespace PixelCnn.Training;

/// <summary>How Start-PixelCnnTraining trains.</summary>
public sealed class TrainingOptions
{
    /// <summary>Epochs to run in this call (the model's epoch count continues from where it was).</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Images per batch.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Adam's learning rate at epoch 0 of the schedule.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Factor applied to the learning rate after every epoch.</summary>
    public double LearningRateDecay { get; init; } = 0.99;

    /// <summary>Seed of the data order: epoch e shuffles with seed + e.</summary>
    public long Seed { get; init; }

    /// <summary>Shuffle the training data every epoch (off: the dataset's order, for equivalence checks).</summary>
    public bool Shuffle { get; init; } = true;
}
