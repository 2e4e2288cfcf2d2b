using PixelCnn.Model;
using PixelCnn.Networks;
using TorchSharp.Modules;

namespace PixelCnn.Architectures;

/// <summary>
/// The tutorial's PixelCNN: 7x7 type-A masked conv 1->2h, BatchNorm, ReLU; seven residual blocks with dilations
/// 1,2,1,3,1,2,1; 1x1 conv 2h->2h, BatchNorm, ReLU; 1x1 conv 2h->256. Input: pixels scaled to [0,1] as
/// [B,1,28,28]; output: logits [B,256,1,28,28]. State names equal the PyTorch model's
/// (<c>layers.0.conv.weight</c>, <c>layers.3.block.3.mask</c>, <c>layers.13.weight</c>, ...).
/// </summary>
public sealed class PixelCnnNetwork : AutoregressiveNetwork
{
    /// <summary>The dilations of the seven residual blocks.</summary>
    public static readonly IReadOnlyList<int> Dilations = new[] { 1, 2, 1, 3, 1, 2, 1 };

    private readonly Sequential layers;

    /// <summary>Creates the network with freshly initialised weights.</summary>
    public PixelCnnNetwork(int hiddenDim)
        : base(nameof(PixelCnnNetwork))
    {
        this.HiddenDim = hiddenDim;
        long h2 = hiddenDim * 2L;
        this.Input = new MaskedConvolution(1, h2, 7, MaskType.A);
        this.InputNorm = new BatchNormalization2d(h2);
        this.Blocks = Dilations.Select(d => new ResidualBlock(hiddenDim, d)).ToArray();
        this.Head = new PointwiseConvolution(h2, h2);
        this.HeadNorm = new BatchNormalization2d(h2);
        this.Output = new PointwiseConvolution(h2, Levels);
        var modules = new List<(string, nn.Module<Tensor, Tensor>)>
        {
            ("0", this.Input),
            ("1", this.InputNorm),
            ("2", nn.ReLU()),
        };
        modules.AddRange(
            this.Blocks.Select(
                (b, i) =>
                    ((3 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), (nn.Module<Tensor, Tensor>)b)
            )
        );
        modules.Add(("10", this.Head));
        modules.Add(("11", this.HeadNorm));
        modules.Add(("12", nn.ReLU()));
        modules.Add(("13", this.Output));
        this.layers = nn.Sequential(modules);
        this.register_module("layers", this.layers);
    }

    /// <summary>The 7x7 type-A masked convolution 1 -> 2h (layers.0).</summary>
    public MaskedConvolution Input { get; }

    /// <summary>Its BatchNorm (layers.1).</summary>
    public BatchNormalization2d InputNorm { get; }

    /// <summary>The seven residual blocks (layers.3 to layers.9).</summary>
    public IReadOnlyList<ResidualBlock> Blocks { get; }

    /// <summary>The 1x1 convolution 2h -> 2h of the head (layers.10).</summary>
    public PointwiseConvolution Head { get; }

    /// <summary>Its BatchNorm (layers.11).</summary>
    public BatchNormalization2d HeadNorm { get; }

    /// <summary>The 1x1 output convolution 2h -> 256 (layers.13).</summary>
    public PointwiseConvolution Output { get; }

    /// <summary>h: the residual blocks narrow 2h features to h.</summary>
    public override int HiddenDim { get; }

    /// <inheritdoc/>
    public override string Architecture => PixelCnnArchitecture.PixelCnn;

    /// <inheritdoc/>
    public override IReadOnlyList<int> BlockDilations => Dilations;

    /// <inheritdoc/>
    public override string LayerSummary =>
        $"7x7 mask-A conv 1->{2 * this.HiddenDim}, 7 residual blocks (dilations {string.Join(",", Dilations)}), 1x1 "
        + $"head {2 * this.HiddenDim}->{2 * this.HiddenDim}->256";

    /// <inheritdoc/>
    public override SamplerState CreateCachedState(int batch, Tensor? labels) => new PixelCnnCachedState(this, batch);

    /// <summary>Logits; the tutorial's model is unconditional, so labels are ignored.</summary>
    public override Tensor Forward(Tensor input, Tensor? labels)
    {
        using var scope = torch.NewDisposeScope();
        Tensor output = this.layers.forward(this.LayerInput(input));
        return output.view(-1, Levels, 1, input.shape[2], input.shape[3]).MoveToOuterDisposeScope();
    }
}
