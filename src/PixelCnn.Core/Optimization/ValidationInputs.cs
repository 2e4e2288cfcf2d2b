using PixelCnn.Data;

namespace PixelCnn.Optimization;

/// <summary>The validation data on the device.</summary>
internal sealed record ValidationInputs(ImageDataset Data, Tensor Images, Tensor? Labels);
