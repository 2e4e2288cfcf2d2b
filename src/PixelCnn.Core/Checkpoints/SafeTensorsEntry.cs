namespace PixelCnn.Checkpoints;

/// <summary>One tensor's header entry in a safetensors file.</summary>
/// <param name="Name">The tensor's key.</param>
/// <param name="DType">The safetensors dtype (F32, I64, U8, ...).</param>
/// <param name="Shape">The tensor's shape.</param>
/// <param name="Begin">Start of its bytes, relative to the data section.</param>
/// <param name="End">End of its bytes (exclusive), relative to the data section.</param>
public sealed record SafeTensorsEntry(string Name, string DType, IReadOnlyList<long> Shape, long Begin, long End);
