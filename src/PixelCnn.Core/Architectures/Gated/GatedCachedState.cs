using PixelCnn.Model;
using PixelCnn.Networks;
using PixelCnn.Numerics;

namespace PixelCnn.Architectures;

/// <summary>
/// The Gated PixelCNN evaluated one pixel at a time. The vertical stack at row r depends only on rows above r, so at
/// the start of each row (<see cref="BeginRow"/>) the state computes the whole vertical stack of that row, each
/// block's dilated kernel over the rows it reads (above and the current row) from a cache of the block's input rows,
/// and from its pre-gate features the vertical-to-horizontal term of every pixel of the row. The horizontal stack then
/// runs pixel by pixel: each block reads its input at the pixel and d to the left from a row cache, adds the vertical
/// term and the label embedding, gates, and adds the residual; the ELU head gives the pixel's logits. Kernels carry the
/// layers' own mask buffers; the rows and columns they read are the design's (rows at and above for the vertical
/// stack, the pixel and those to its left for the horizontal one).
/// </summary>
internal sealed class GatedCachedState : SamplerState
{
    private readonly GatedPixelCnnNetwork network;
    private readonly int pad; // the largest dilation: rows above row 0 and columns left of column 0 read as zeros
    private readonly Tensor image; // [B,1,H+1,W]: the scaled image, one zero row above
    private readonly Tensor verticalInputWeight; // [h,1,1,3]: the first vertical layer reads only the row above

    // [1,h] (transposed): the first horizontal layer reads only the pixel to the left
    private readonly Tensor horizontalInputWeight;
    private readonly BlockState[] blocks;
    private readonly Tensor headWeight; // [h,256] (transposed)
    private readonly Tensor left; // [B,1]: the scaled value of the pixel to the left (unused at column 0)

    /// <summary>
    /// Builds the state from the network's current weights and masks, for labels (int64 [B]) if conditional.
    /// </summary>
    public GatedCachedState(GatedPixelCnnNetwork network, int batch, Tensor? labels)
        : base(batch, network.VerticalInput.Convolution.weight!.device)
    {
        this.network = network;
        this.pad = network.BlockDilations.Max();
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        long h = network.HiddenDim;
        this.image = this.Keep(
            torch.zeros(
                new long[] { batch, 1, network.Shape.Height + 1, network.Shape.Width },
                ScalarType.Float32,
                this.Device
            )
        );
        this.verticalInputWeight = this.Keep(network.VerticalInput.MaskedWeight().narrow(2, 0, 1).contiguous());
        this.horizontalInputWeight = this.Keep(
            network.HorizontalInput.MaskedWeight()[.., 0, 0, 0].reshape(1, h).contiguous()
        );
        this.blocks = network
            .Blocks.Select(block => new BlockState(
                block,
                this.Keep(block.VerticalConvolution.MaskedWeight().narrow(2, 0, 2).contiguous()),
                this.Keep(
                    block.HorizontalConvolution.MaskedWeight().narrow(3, 0, 2).reshape(2 * h, 2 * h).t().contiguous()
                ),
                this.Keep(block.HorizontalOutput.weight!.reshape(h, h).t().contiguous()),
                labels is null || block.VerticalCondition is null
                    ? null
                    : this.Keep(GatedBlock.Embed(block.VerticalCondition, labels).unsqueeze(2).unsqueeze(3)),
                labels is null || block.HorizontalCondition is null
                    ? null
                    : this.Keep(GatedBlock.Embed(block.HorizontalCondition, labels).unsqueeze(2)),
                this.Keep(
                    torch.zeros(
                        new long[] { batch, h, network.Shape.Height + this.pad, network.Shape.Width },
                        ScalarType.Float32,
                        this.Device
                    )
                ),
                this.Keep(
                    torch.zeros(
                        new long[] { batch, h, network.Shape.Width + this.pad },
                        ScalarType.Float32,
                        this.Device
                    )
                )
            ))
            .ToArray();
        this.headWeight = this.Keep(network.Output.weight!.reshape(AutoregressiveNetwork.Levels, h).t().contiguous());
        this.left = this.Keep(torch.zeros(new long[] { batch, 1 }, ScalarType.Float32, this.Device));
    }

    /// <inheritdoc/>
    public override void BeginRow(int row)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        Tensor v = Convolution2d.Compute(
            this.image.narrow(2, row, 1),
            this.verticalInputWeight,
            this.network.VerticalInput.Convolution.bias,
            new long[] { 0, 1 }
        );
        foreach (BlockState block in this.blocks)
        {
            int d = block.Block.Dilation;
            block.VerticalRows.narrow(2, row + this.pad, 1).copy_(v);
            Tensor features = Convolution2d.Compute(
                block.VerticalRows.narrow(2, row + this.pad - d, d + 1),
                block.VerticalWeight,
                block.Block.VerticalConvolution.Convolution.bias,
                new long[] { 0, d },
                new long[] { d, d }
            ); // [B,2h,1,W]
            if (block.VerticalEmbedding is Tensor ve)
            {
                features = features.Plus(ve);
            }

            Tensor term = nn
                .functional.conv2d(
                    features,
                    block.Block.VerticalToHorizontal.weight!,
                    block.Block.VerticalToHorizontal.bias
                )
                .squeeze(2);
            if (block.HorizontalEmbedding is Tensor he)
            {
                term = term.Plus(he);
            }

            this.Release(block.VerticalTerm);
            block.VerticalTerm = this.Keep(term.contiguous());
            v = GatedBlock.Gate(features);
        }
    }

    /// <inheritdoc/>
    public override Tensor Logits(int pixel)
    {
        int c = pixel % this.network.Shape.Width;
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        long h = this.network.HiddenDim;
        Tensor x =
            c == 0
                ? this.network.HorizontalInput.Convolution.bias!.expand(this.Batch, h)
                : torch.addmm(
                    this.network.HorizontalInput.Convolution.bias!,
                    this.left,
                    this.horizontalInputWeight,
                    1,
                    1
                ); // [B,h]
        foreach (BlockState block in this.blocks)
        {
            int d = block.Block.Dilation;
            block.HorizontalRow.select(2, c + this.pad).copy_(x);
            Tensor taps = block
                .HorizontalRow.slice(2, c + this.pad - d, c + this.pad + 1, d)
                .reshape(this.Batch, 2 * h); // columns c-d and c
            Tensor features = torch
                .addmm(block.Block.HorizontalConvolution.Convolution.bias!, taps, block.HorizontalWeight, 1, 1)
                .Plus(block.VerticalTerm!.select(2, c));
            x = x.Plus(
                torch.addmm(block.Block.HorizontalOutput.bias!, GatedBlock.Gate(features), block.OutputWeight, 1, 1)
            );
        }

        return torch.addmm(this.network.Output.bias!, x.Elu(), this.headWeight, 1, 1).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override void Accept(int pixel, Tensor values)
    {
        int r = pixel / this.network.Shape.Width,
            c = pixel % this.network.Shape.Width;
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        Tensor scaled = this.network.ScalePixels(values); // [B]
        this.image.select(2, r + 1).select(2, c).select(1, 0).copy_(scaled);
        this.left.select(1, 0).copy_(scaled);
    }

    /// <summary>One gated block's weights with masks applied, label embeddings and row caches.</summary>
    private sealed class BlockState(
        GatedBlock block,
        Tensor verticalWeight,
        Tensor horizontalWeight,
        Tensor outputWeight,
        Tensor? verticalEmbedding,
        Tensor? horizontalEmbedding,
        Tensor verticalRows,
        Tensor horizontalRow
    )
    {
        public GatedBlock Block { get; } = block;

        public Tensor VerticalWeight { get; } = verticalWeight; // [2h,h,2,3]: rows r-d and r

        public Tensor HorizontalWeight { get; } = horizontalWeight; // [2h (h channels x taps c-d, c), 2h]

        public Tensor OutputWeight { get; } = outputWeight; // [h,h]

        public Tensor? VerticalEmbedding { get; } = verticalEmbedding; // [B,2h,1,1]

        public Tensor? HorizontalEmbedding { get; } = horizontalEmbedding; // [B,2h,1]

        public Tensor VerticalRows { get; } = verticalRows; // [B,h,H+pad,W]: the block's vertical input rows

        public Tensor HorizontalRow { get; } = horizontalRow; // [B,h,W+pad]: the block's horizontal input in this row

        public Tensor? VerticalTerm { get; set; } // [B,2h,W]: this row's vertical-to-horizontal term
    }
}
