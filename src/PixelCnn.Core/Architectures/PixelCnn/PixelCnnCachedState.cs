using PixelCnn.Model;
using PixelCnn.Networks;
using PixelCnn.Numerics;

namespace PixelCnn.Architectures;

/// <summary>
/// The tutorial's PixelCNN evaluated one pixel at a time: its layers' incremental steps in the order of its forward.
/// Every layer's activation at a pixel depends only on earlier pixels, so for each pixel in raster order the state
/// computes every layer at that one position; each masked convolution keeps a cache of its input
/// (<see cref="MaskedStep"/>), the only activations a later pixel reads again (1x1 convolutions and residual adds
/// are per pixel, <see cref="PointwiseStep"/>). Each BatchNorm (evaluation mode) is folded into the layer before it.
/// </summary>
internal sealed class PixelCnnCachedState : SamplerState
{
    private readonly PixelCnnNetwork network;
    private readonly MaskedStep input;
    private readonly Block[] blocks;
    private readonly PointwiseStep head;
    private readonly PointwiseStep output;

    /// <summary>Builds the state from the network's current weights (the network is not changed).</summary>
    public PixelCnnCachedState(PixelCnnNetwork network, int batch)
        : base(batch, network.Input.Convolution.weight!.device)
    {
        this.network = network;
        using var noGrad = torch.no_grad();
        this.input = new MaskedStep(network.Input, network.Shape, batch, this.Keep, network.InputNorm);
        this.blocks = network
            .Blocks.Select(b => new Block(
                new PointwiseStep(b.Narrow, this.Keep, b.NarrowNorm),
                new MaskedStep(b.Masked, network.Shape, batch, this.Keep, b.MaskedNorm),
                new PointwiseStep(b.Widen, this.Keep, b.WidenNorm)
            ))
            .ToArray();
        this.head = new PointwiseStep(network.Head, this.Keep, network.HeadNorm);
        this.output = new PointwiseStep(network.Output, this.Keep);
    }

    /// <inheritdoc/>
    public override Tensor Logits(int pixel)
    {
        int r = pixel / this.network.Shape.Width,
            c = pixel % this.network.Shape.Width;
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        Tensor a = this.input.At(r, c).relu_();
        foreach (Block block in this.blocks)
        {
            block.Masked.Write(r, c, block.Narrow.At(a).relu_());
            Tensor masked = block.Masked.At(r, c).relu_();
            a = a.Plus(block.Widen.At(masked).relu_());
        }

        return this.output.At(this.head.At(a).relu_()).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override void Accept(int pixel, Tensor values)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        this.input.Write(
            pixel / this.network.Shape.Width,
            pixel % this.network.Shape.Width,
            this.network.ScalePixels(values).unsqueeze(1)
        );
    }

    /// <summary>One residual block's steps: 1x1 narrow, masked convolution, 1x1 widen.</summary>
    private sealed record Block(PointwiseStep Narrow, MaskedStep Masked, PointwiseStep Widen);
}
