namespace PixelCnn.Training;

/// <summary>How the learning rate changes over training.</summary>
public enum LearningRateScheduleKind
{
    /// <summary>The UvA tutorial's: base * decay^(epoch - 1), constant within an epoch.</summary>
    Exponential,

    /// <summary>Cosine annealing from the base rate to zero over the planned epochs, updated every batch.</summary>
    Cosine,
}
