using PixelCnn.Model;
using PixelCnn.Networks;
using PixelCnn.Numerics;
using TorchSharp.Modules;

namespace PixelCnn.Architectures;

/// <summary>
/// One gated block of the Gated PixelCNN (the UvA deep-learning tutorial's GatedMaskedConv, state names
/// <c>conv_vert</c>, <c>conv_horiz</c>, <c>conv_vert_to_horiz</c>, <c>conv_horiz_1x1</c>):
/// vertical features v' = Wv*v (+ class embedding), v_out = tanh(v'_a) * sigmoid(v'_b);
/// horizontal features h' = Wh*h + 1x1(v') (+ class embedding), h_out = h + 1x1(tanh(h'_a) * sigmoid(h'_b)).
/// A conditional block adds learned embeddings of the label (<c>class_cond_vert</c>, <c>class_cond_horiz</c>,
/// 2h values each) to both stacks' pre-gate features.
/// </summary>
public sealed class GatedBlock : nn.Module
{
    private readonly MaskedConvolution convVert;
    private readonly MaskedConvolution convHoriz;
    private readonly PointwiseConvolution convVertToHoriz;
    private readonly PointwiseConvolution convHoriz1x1;
    private readonly Embedding? classCondVert;
    private readonly Embedding? classCondHoriz;

    /// <summary>State names of a conditional block's label embeddings: vertical, horizontal.</summary>
    public static readonly IReadOnlyList<string> ConditionNames = new[] { "class_cond_vert", "class_cond_horiz" };

    /// <summary>Creates the block for h channels; <paramref name="classes"/> above 0 makes it conditional.</summary>
    public GatedBlock(long hiddenDim, int dilation, int classes = 0)
        : base(nameof(GatedBlock))
    {
        this.Dilation = dilation;
        this.convVert = new MaskedConvolution(
            hiddenDim,
            2 * hiddenDim,
            MaskShape.Vertical,
            MaskType.B,
            3,
            3,
            dilation,
            broadcastMask: true
        );
        this.convHoriz = new MaskedConvolution(
            hiddenDim,
            2 * hiddenDim,
            MaskShape.Horizontal,
            MaskType.B,
            1,
            3,
            dilation,
            broadcastMask: true
        );
        this.convVertToHoriz = new PointwiseConvolution(2 * hiddenDim, 2 * hiddenDim);
        this.convHoriz1x1 = new PointwiseConvolution(hiddenDim, hiddenDim);
        this.register_module("conv_vert", this.convVert);
        this.register_module("conv_horiz", this.convHoriz);
        this.register_module("conv_vert_to_horiz", this.convVertToHoriz);
        this.register_module("conv_horiz_1x1", this.convHoriz1x1);
        if (classes > 0)
        {
            this.classCondVert = nn.Embedding(classes, 2 * hiddenDim);
            this.classCondHoriz = nn.Embedding(classes, 2 * hiddenDim);
            this.register_module(ConditionNames[0], this.classCondVert);
            this.register_module(ConditionNames[1], this.classCondHoriz);
        }
    }

    /// <summary>Dilation of the block's stack convolutions.</summary>
    public int Dilation { get; }

    /// <summary>The vertical-stack convolution h -> 2h (3x3, rows above and the current row).</summary>
    public MaskedConvolution VerticalConvolution => this.convVert;

    /// <summary>The horizontal-stack convolution h -> 2h (1x3, the current pixel and the one d to its left).</summary>
    public MaskedConvolution HorizontalConvolution => this.convHoriz;

    /// <summary>The 1x1 convolution 2h -> 2h from the vertical to the horizontal stack.</summary>
    public PointwiseConvolution VerticalToHorizontal => this.convVertToHoriz;

    /// <summary>The 1x1 convolution h -> h on the horizontal stack's gated output.</summary>
    public PointwiseConvolution HorizontalOutput => this.convHoriz1x1;

    /// <summary>The label embedding added to the vertical features (null when unconditional).</summary>
    public Embedding? VerticalCondition => this.classCondVert;

    /// <summary>The label embedding added to the horizontal features (null when unconditional).</summary>
    public Embedding? HorizontalCondition => this.classCondHoriz;

    /// <summary>tanh of the first half of the channels times sigmoid of the second half.</summary>
    [InCallersDisposeScope]
    public static Tensor Gate(Tensor features, long dim = 1)
    {
        Tensor[] halves = features.chunk(2, dim);
        return halves[0].tanh() * halves[1].sigmoid();
    }

    /// <summary>
    /// The embedding of every label, [B, 2h]; zero for <see cref="AutoregressiveNetwork.NoLabel"/>, so an image without
    /// a label gets no label term (the label dropout's "no label").
    /// </summary>
    [InCallersDisposeScope]
    public static Tensor Embed(Embedding embedding, Tensor labels)
    {
        Tensor vectors = embedding.forward(labels.clamp_min(Scalars.Zero));
        return vectors.mul(labels.ge(Scalars.Zero).unsqueeze(1).to(vectors.dtype));
    }

    /// <summary>
    /// Runs the block on both stacks [B,h,H,W]; labels are int64 [B] for a conditional block
    /// (<see cref="AutoregressiveNetwork.NoLabel"/> for an image without one).
    /// </summary>
    public (Tensor Vertical, Tensor Horizontal) Forward(Tensor vertical, Tensor horizontal, Tensor? labels)
    {
        using var scope = torch.NewDisposeScope();
        Tensor vFeatures = this.convVert.forward(vertical);
        Tensor hFeatures = this.convHoriz.forward(horizontal);
        if (this.classCondVert is not null && labels is not null)
        {
            vFeatures = vFeatures.Plus(Embed(this.classCondVert, labels).unsqueeze(2).unsqueeze(3));
            hFeatures = hFeatures.Plus(Embed(this.classCondHoriz!, labels).unsqueeze(2).unsqueeze(3));
        }

        Tensor vOut = Gate(vFeatures);
        hFeatures = hFeatures.Plus(this.convVertToHoriz.forward(vFeatures));
        Tensor hOut = horizontal.Plus(this.convHoriz1x1.forward(Gate(hFeatures)));
        return (vOut.MoveToOuterDisposeScope(), hOut.MoveToOuterDisposeScope());
    }
}
