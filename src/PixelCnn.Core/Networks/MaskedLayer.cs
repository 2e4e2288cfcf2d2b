namespace PixelCnn.Networks;

/// <summary>A masked convolution of a network with its state-name prefix (for example "layers.3.block.3").</summary>
/// <param name="Name">The state-name prefix.</param>
/// <param name="Layer">The layer.</param>
public sealed record MaskedLayer(string Name, MaskedConvolution Layer);
