namespace PixelCnn.Training;

/// <summary>Floating-point precision of training's forward and backward passes.</summary>
public enum TrainingPrecision
{
    /// <summary>
    /// BFloat16 on a CPU with AMX-BF16 or an AMD CPU with AVX512-BF16 (where it was measured faster), Float32 elsewhere
    /// and on CUDA.
    /// </summary>
    Auto,

    /// <summary>Everything in float32.</summary>
    Float32,

    /// <summary>
    /// Mixed precision: convolutions and activations in bfloat16; weights, gradients, Adam's state, BatchNorm and the
    /// loss in float32.
    /// </summary>
    BFloat16,
}
