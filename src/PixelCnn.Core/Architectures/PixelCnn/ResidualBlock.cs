using PixelCnn.Model;
using PixelCnn.Networks;
using PixelCnn.Numerics;
using TorchSharp.Modules;

namespace PixelCnn.Architectures;

/// <summary>
/// The tutorial's ResidualBlock: 1x1 conv 2h->h, BatchNorm, ReLU, 3x3 type-B masked conv (dilated), BatchNorm,
/// ReLU, 1x1 conv h->2h, BatchNorm, ReLU; the block's input is added to its output. State names follow
/// PyTorch's <c>block.N</c> numbering (block.0 conv, block.1 norm, block.3 masked conv, ...).
/// </summary>
public sealed class ResidualBlock : nn.Module<Tensor, Tensor>
{
    private readonly Sequential block;

    /// <summary>Creates the block.</summary>
    public ResidualBlock(long hiddenDim, int dilation)
        : base(nameof(ResidualBlock))
    {
        this.Dilation = dilation;
        this.Narrow = new PointwiseConvolution(hiddenDim * 2, hiddenDim);
        this.NarrowNorm = new BatchNormalization2d(hiddenDim);
        this.Masked = new MaskedConvolution(hiddenDim, hiddenDim, 3, MaskType.B, dilation);
        this.MaskedNorm = new BatchNormalization2d(hiddenDim);
        this.Widen = new PointwiseConvolution(hiddenDim, hiddenDim * 2);
        this.WidenNorm = new BatchNormalization2d(hiddenDim * 2);
        this.block = nn.Sequential(
            ("0", this.Narrow),
            ("1", this.NarrowNorm),
            ("2", nn.ReLU()),
            ("3", this.Masked),
            ("4", this.MaskedNorm),
            ("5", nn.ReLU()),
            ("6", this.Widen),
            ("7", this.WidenNorm),
            ("8", nn.ReLU())
        );
        this.register_module("block", this.block);
    }

    /// <summary>Dilation of the block's masked convolution.</summary>
    public int Dilation { get; }

    /// <summary>The 1x1 convolution 2h -> h (block.0).</summary>
    public PointwiseConvolution Narrow { get; }

    /// <summary>Its BatchNorm (block.1).</summary>
    public BatchNormalization2d NarrowNorm { get; }

    /// <summary>The dilated 3x3 type-B masked convolution h -> h (block.3).</summary>
    public MaskedConvolution Masked { get; }

    /// <summary>Its BatchNorm (block.4).</summary>
    public BatchNormalization2d MaskedNorm { get; }

    /// <summary>The 1x1 convolution h -> 2h (block.6).</summary>
    public PointwiseConvolution Widen { get; }

    /// <summary>Its BatchNorm (block.7).</summary>
    public BatchNormalization2d WidenNorm { get; }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using Tensor output = this.block.forward(input);
        return input.Plus(output);
    }
}
