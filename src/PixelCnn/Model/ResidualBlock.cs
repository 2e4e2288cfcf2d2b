using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PixelCnn.Model;

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
        this.block = nn.Sequential(
            ("0", nn.Conv2d(hiddenDim * 2, hiddenDim, 1)),
            ("1", nn.BatchNorm2d(hiddenDim)),
            ("2", nn.ReLU()),
            ("3", new MaskedConvolution(hiddenDim, hiddenDim, 3, MaskType.B, dilation)),
            ("4", nn.BatchNorm2d(hiddenDim)),
            ("5", nn.ReLU()),
            ("6", nn.Conv2d(hiddenDim, hiddenDim * 2, 1)),
            ("7", nn.BatchNorm2d(hiddenDim * 2)),
            ("8", nn.ReLU()));
        this.register_module("block", this.block);
    }

    /// <summary>Dilation of the block's masked convolution.</summary>
    public int Dilation { get; }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using Tensor output = this.block.forward(input);
        return input + output;
    }
}
