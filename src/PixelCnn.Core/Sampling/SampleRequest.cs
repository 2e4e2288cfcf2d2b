using PixelCnn.Imaging;

namespace PixelCnn.Sampling;

/// <summary>One image a sampling run draws.</summary>
/// <param name="Index">The image's index in the run's output: it also picks the image's random numbers.</param>
/// <param name="Label">Its class for a conditional model.</param>
/// <param name="Original">For a completion: the image whose known pixels are kept.</param>
/// <param name="Known">For a completion: true where the original's pixel is kept (one per pixel, raster order).</param>
public sealed record SampleRequest(int Index, int? Label, PixelCnnImage? Original, bool[]? Known);
