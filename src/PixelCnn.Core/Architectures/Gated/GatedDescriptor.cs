using PixelCnn.Model;
using PixelCnn.Networks;

namespace PixelCnn.Architectures;

/// <summary>
/// The Gated PixelCNN, optionally class-conditional: its network, and how its checkpoints are recognised.
/// </summary>
public sealed class GatedDescriptor : Architecture
{
    /// <inheritdoc/>
    public override string Name => PixelCnnArchitecture.Gated;

    /// <inheritdoc/>
    public override string Description =>
        "the Gated PixelCNN (van den Oord et al. 2016): vertical and horizontal stacks, gates, no blind spot; "
        + "optionally class-conditional";

    /// <inheritdoc/>
    public override bool TakesClasses => true;

    /// <inheritdoc/>
    public override string IdentifyingTensor => "conv_vstack.conv.weight";

    /// <inheritdoc/>
    public override string? ClassTensor => "conv_layers.0.class_cond_vert.weight";

    /// <inheritdoc/>
    protected override AutoregressiveNetwork Build(int hiddenDim, int classes, ImageShape shape) =>
        new GatedPixelCnnNetwork(hiddenDim, classes);
}
