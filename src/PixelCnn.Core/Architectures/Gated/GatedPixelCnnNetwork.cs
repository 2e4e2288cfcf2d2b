using System.Globalization;
using PixelCnn.Model;
using PixelCnn.Networks;
using PixelCnn.Numerics;
using TorchSharp.Modules;

namespace PixelCnn.Architectures;

/// <summary>
/// The Gated PixelCNN (van den Oord et al. 2016, "Conditional Image Generation with PixelCNN Decoders"), laid out as
/// the UvA deep-learning course's PyTorch tutorial builds it, so state names match: input x/255*2-1;
/// <c>conv_vstack</c> (3x3, rows above only) and <c>conv_hstack</c> (1x3, the pixel to the left only) take 1 -> h;
/// seven <see cref="GatedBlock"/>s in <c>conv_layers</c> with dilations 1,2,1,4,1,2,1; ELU and the 1x1 head
/// <c>conv_out</c> h -> 256. The vertical stack sees only rows above, the horizontal stack the current row to the
/// left and the vertical stack, so every earlier pixel within reach is seen: no blind spot. With classes, each
/// block adds a learned embedding of the image's label.
/// </summary>
public sealed class GatedPixelCnnNetwork : AutoregressiveNetwork
{
    /// <summary>The dilations of the seven gated blocks.</summary>
    public static readonly IReadOnlyList<int> Dilations = new[] { 1, 2, 1, 4, 1, 2, 1 };

    private readonly MaskedConvolution convVstack;
    private readonly MaskedConvolution convHstack;
    private readonly ModuleList<GatedBlock> convLayers;
    private readonly PointwiseConvolution convOut;

    /// <summary>
    /// Creates the network with fresh weights; <paramref name="classes"/> above 0 makes it class-conditional.
    /// </summary>
    public GatedPixelCnnNetwork(int hiddenDim, int classes = 0)
        : base(nameof(GatedPixelCnnNetwork))
    {
        this.HiddenDim = hiddenDim;
        this.ClassCount = classes;
        this.convVstack = new MaskedConvolution(
            1,
            hiddenDim,
            MaskShape.Vertical,
            MaskType.A,
            3,
            3,
            broadcastMask: true
        );
        this.convHstack = new MaskedConvolution(
            1,
            hiddenDim,
            MaskShape.Horizontal,
            MaskType.A,
            1,
            3,
            broadcastMask: true
        );
        this.convLayers = nn.ModuleList(Dilations.Select(d => new GatedBlock(hiddenDim, d, classes)).ToArray());
        this.convOut = new PointwiseConvolution(hiddenDim, Levels);
        this.register_module("conv_vstack", this.convVstack);
        this.register_module("conv_hstack", this.convHstack);
        this.register_module("conv_layers", this.convLayers);
        this.register_module("conv_out", this.convOut);
    }

    /// <inheritdoc/>
    public override string Architecture => PixelCnnArchitecture.Gated;

    /// <inheritdoc/>
    public override int HiddenDim { get; }

    /// <inheritdoc/>
    public override int ClassCount { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<int> BlockDilations => Dilations;

    /// <summary>The first vertical-stack convolution (rows above the pixel).</summary>
    public MaskedConvolution VerticalInput => this.convVstack;

    /// <summary>The first horizontal-stack convolution (the pixel to the left).</summary>
    public MaskedConvolution HorizontalInput => this.convHstack;

    /// <summary>The gated blocks in order.</summary>
    public IReadOnlyList<GatedBlock> Blocks => this.convLayers.ToList();

    /// <summary>The 1x1 head h -> 256 (after ELU).</summary>
    public PointwiseConvolution Output => this.convOut;

    /// <summary>Name of a state prefix of block <paramref name="index"/>.</summary>
    public static string BlockName(int index) => "conv_layers." + index.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public override string LayerSummary =>
        $"3x3 vertical + 1x3 horizontal stack 1->{this.HiddenDim}, 7 gated blocks (dilations "
        + string.Join(",", Dilations)
        + (this.IsConditional ? $", {this.ClassCount}-class embeddings" : string.Empty)
        + $"), ELU, 1x1 head {this.HiddenDim}->256";

    /// <inheritdoc/>
    public override IEnumerable<string> LabelParameterNames() =>
        this.IsConditional
            ? Enumerable
                .Range(0, Dilations.Count)
                .SelectMany(i => GatedBlock.ConditionNames.Select(c => $"{BlockName(i)}.{c}.weight"))
            : Enumerable.Empty<string>();

    /// <summary>The UvA tutorial's input scaling: x/255*2-1, so [0,1] becomes [-1,1].</summary>
    public override Tensor FromUnit(Tensor unit) => unit.mul(Scalars.Two).sub(Scalars.One);

    /// <inheritdoc/>
    public override string InputScaling => "x/255*2-1";

    /// <inheritdoc/>
    public override SamplerState CreateCachedState(int batch, Tensor? labels) =>
        new GatedCachedState(this, batch, labels);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor? labels)
    {
        this.CheckLabels(input, labels);
        using var scope = torch.NewDisposeScope();
        Tensor x = this.LayerInput(input);
        Tensor? classes = this.IsConditional ? labels!.to(ScalarType.Int64, input.device) : null;
        Tensor v = this.convVstack.forward(x);
        Tensor h = this.convHstack.forward(x);
        foreach (GatedBlock block in this.convLayers)
        {
            (v, h) = block.Forward(v, h, classes);
        }

        Tensor logits = this.convOut.forward(h.Elu());
        return logits.view(-1, Levels, 1, input.shape[2], input.shape[3]).MoveToOuterDisposeScope();
    }
}
