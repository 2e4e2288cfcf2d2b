namespace PixelCnn.Devices;

/// <summary>
/// Batch sizes the cmdlets use when -BatchSize is not given, by the model's device. On the CPU they are the sizes
/// measured here (bench/, README "Benchmarks"); on CUDA, where a sampling step or a measuring pass costs about the same
/// for a few images as for many, they are larger (chosen, not yet measured: no GPU was available). Training keeps the
/// published recipe's 128 on every device, so a run's result does not depend on where it ran.
/// </summary>
public static class DeviceDefaults
{
    /// <summary>Images per sampling or completion batch: 64 on the CPU, 256 on CUDA.</summary>
    public static int SamplingBatchSize(Device device) => device.type == DeviceType.CUDA ? 256 : 64;

    /// <summary>
    /// Images per likelihood forward pass, for Measure-PixelCnnLikelihood and training's validation: 32 on the CPU,
    /// 1024 on CUDA. On the CPU larger batches are slower, not faster (bench/Measure-LikelihoodBatchSize.ps1: the
    /// shipped Gated model scored 84 images/s at 32 and 29 at 256; README "Performance").
    /// </summary>
    public static int MeasuringBatchSize(Device device) => device.type == DeviceType.CUDA ? 1024 : 32;

    /// <summary>Images per training batch: 128 everywhere (the published recipe).</summary>
    public static int TrainingBatchSize(Device device) => 128;
}
