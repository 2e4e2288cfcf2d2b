namespace PixelCnn.Model;

/// <summary>The network architectures New-PixelCnn builds.</summary>
public enum PixelCnnArchitecture
{
    /// <summary>The tutorial's PixelCNN (van den Oord et al. 2016): masked convolutions, residual blocks, a blind spot.</summary>
    PixelCnn,

    /// <summary>The Gated PixelCNN (van den Oord et al. 2016, "Conditional Image Generation with PixelCNN Decoders"):
    /// vertical and horizontal stacks, tanh-sigmoid gates, no blind spot, optional class conditioning.</summary>
    Gated,
}
