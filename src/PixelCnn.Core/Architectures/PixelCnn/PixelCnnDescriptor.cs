using PixelCnn.Model;
using PixelCnn.Networks;

namespace PixelCnn.Architectures;

/// <summary>The tutorial's PixelCNN: its network, and how its checkpoints are recognised.</summary>
public sealed class PixelCnnDescriptor : Architecture
{
    /// <inheritdoc/>
    public override string Name => PixelCnnArchitecture.PixelCnn;

    /// <inheritdoc/>
    public override string Description =>
        "the seed tutorial's PixelCNN (van den Oord et al. 2016): masked convolutions, residual blocks, a blind "
        + "spot; unconditional";

    /// <inheritdoc/>
    public override string IdentifyingTensor => "layers.3.block.0.weight";

    /// <inheritdoc/>
    protected override AutoregressiveNetwork Build(int hiddenDim, int classes, ImageShape shape) =>
        new PixelCnnNetwork(hiddenDim);
}
