using PixelCnn.Model;
using PixelCnn.Networks;
using PixelCnn.Numerics;

namespace PixelCnn.Architectures;

/// <summary>
/// The Gated PixelCNN evaluated one pixel at a time: its layers' incremental steps in the order of its forward. The
/// vertical stack at row r depends only on rows above r, so at the start of each row (<see cref="BeginRow"/>) the
/// state computes the whole vertical stack along that row (<see cref="MaskedStep.Along"/>) and from each block's
/// pre-gate features the vertical-to-horizontal term of every pixel of the row. The horizontal stack then runs pixel by
/// pixel (<see cref="MaskedStep.At"/>): each block adds the vertical term and the label embedding, gates, and adds the
/// residual; the ELU head gives the pixel's logits.
/// </summary>
internal sealed class GatedCachedState : SamplerState
{
    private readonly GatedPixelCnnNetwork network;
    private readonly MaskedStep verticalInput;
    private readonly MaskedStep horizontalInput;
    private readonly BlockState[] blocks;
    private readonly PointwiseStep head;

    /// <summary>
    /// Builds the state from the network's current weights and masks, for labels (int64 [B]) if conditional.
    /// </summary>
    public GatedCachedState(GatedPixelCnnNetwork network, int batch, Tensor? labels)
        : base(batch, network.VerticalInput.Convolution.weight!.device)
    {
        this.network = network;
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        ImageShape shape = network.Shape;
        this.verticalInput = new MaskedStep(network.VerticalInput, shape, batch, this.Keep);
        this.horizontalInput = new MaskedStep(network.HorizontalInput, shape, batch, this.Keep);
        this.blocks = network
            .Blocks.Select(block => new BlockState(
                new MaskedStep(block.VerticalConvolution, shape, batch, this.Keep),
                new MaskedStep(block.HorizontalConvolution, shape, batch, this.Keep),
                new PointwiseStep(block.VerticalToHorizontal, this.Keep),
                new PointwiseStep(block.HorizontalOutput, this.Keep),
                labels is null || block.VerticalCondition is null
                    ? null
                    : this.Keep(GatedBlock.Embed(block.VerticalCondition, labels).unsqueeze(1)),
                labels is null || block.HorizontalCondition is null
                    ? null
                    : this.Keep(GatedBlock.Embed(block.HorizontalCondition, labels).unsqueeze(1))
            ))
            .ToArray();
        this.head = new PointwiseStep(network.Output, this.Keep);
    }

    /// <inheritdoc/>
    public override void BeginRow(int row)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        Tensor v = this.verticalInput.Along(row); // [B,W,h]
        foreach (BlockState block in this.blocks)
        {
            block.Vertical.WriteRow(row, v);
            Tensor features = block.Vertical.Along(row); // [B,W,2h]
            if (block.VerticalEmbedding is Tensor ve)
            {
                features = features.Plus(ve);
            }

            Tensor term = block.ToHorizontal.At(features.reshape(-1, features.shape[2])).view(features.shape);
            if (block.HorizontalEmbedding is Tensor he)
            {
                term = term.Plus(he);
            }

            this.Release(block.VerticalTerm);
            block.VerticalTerm = this.Keep(term.contiguous());
            v = GatedBlock.Gate(features, 2);
        }
    }

    /// <inheritdoc/>
    public override Tensor Logits(int pixel)
    {
        int r = pixel / this.network.Shape.Width,
            c = pixel % this.network.Shape.Width;
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        Tensor x = this.horizontalInput.At(r, c); // [B,h]
        foreach (BlockState block in this.blocks)
        {
            block.Horizontal.Write(r, c, x);
            Tensor features = block.Horizontal.At(r, c).Plus(block.VerticalTerm!.select(1, c));
            x = x.Plus(block.Output.At(GatedBlock.Gate(features)));
        }

        return this.head.At(x.Elu()).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override void Accept(int pixel, Tensor values)
    {
        int r = pixel / this.network.Shape.Width,
            c = pixel % this.network.Shape.Width;
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        Tensor scaled = this.network.ScalePixels(values).unsqueeze(1); // [B,1]
        this.verticalInput.Write(r, c, scaled);
        this.horizontalInput.Write(r, c, scaled);
    }

    /// <summary>One gated block's steps, label embeddings ([B,1,2h]) and this row's vertical term.</summary>
    private sealed class BlockState(
        MaskedStep vertical,
        MaskedStep horizontal,
        PointwiseStep toHorizontal,
        PointwiseStep output,
        Tensor? verticalEmbedding,
        Tensor? horizontalEmbedding
    )
    {
        public MaskedStep Vertical { get; } = vertical;

        public MaskedStep Horizontal { get; } = horizontal;

        public PointwiseStep ToHorizontal { get; } = toHorizontal;

        public PointwiseStep Output { get; } = output;

        public Tensor? VerticalEmbedding { get; } = verticalEmbedding;

        public Tensor? HorizontalEmbedding { get; } = horizontalEmbedding;

        public Tensor? VerticalTerm { get; set; } // [B,W,2h]: this row's vertical-to-horizontal term
    }
}
