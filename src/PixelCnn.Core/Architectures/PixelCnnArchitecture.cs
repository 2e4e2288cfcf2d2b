namespace PixelCnn.Architectures;

/// <summary>
/// The names of the architectures that ship with the module, for code that picks one (a new architecture registers a
/// descriptor in <see cref="ArchitectureRegistry"/> and needs no entry here).
/// </summary>
public static class PixelCnnArchitecture
{
    /// <summary>
    /// The tutorial's PixelCNN (van den Oord et al. 2016): masked convolutions, residual blocks, a blind spot.
    /// </summary>
    public const string PixelCnn = "PixelCnn";

    /// <summary>
    /// The Gated PixelCNN (van den Oord et al. 2016, "Conditional Image Generation with PixelCNN Decoders").
    /// </summary>
    public const string Gated = "Gated";
}
