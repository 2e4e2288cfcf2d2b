using PixelCnn.Networks;
using PixelCnn.Training;

namespace PixelCnn.Optimization;

/// <summary>
/// What every epoch of one run uses: the networks, the data on the device and the run's settings (owned by
/// <see cref="Trainer.Run"/>).
/// </summary>
internal sealed record RunInputs(
    AutoregressiveNetwork Network,
    AutoregressiveNetwork Computing,
    BFloat16Replica? Replica,
    Tensor[] Parameters,
    Tensor Images,
    Tensor? Labels,
    ValidationInputs? Validation,
    double? Clip,
    TrainingPrecision Precision,
    int Batches
);
