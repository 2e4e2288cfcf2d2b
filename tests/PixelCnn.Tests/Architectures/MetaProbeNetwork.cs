using TorchSharp.Modules;

namespace PixelCnn.Tests;

/// <summary>
/// A small autoregressive network built only from operators that libtorch can run on the <c>meta</c> device: the
/// logits of pixel p are a per-pixel bias plus a strictly-lower-triangular (masked) linear function of the pixels
/// before p times a shared vector, plus a class embedding for a conditional network. libtorch's C++ build has no meta
/// kernel for convolutions, batch norm, index_select or embeddings (PyTorch registers those in Python), so the PixelCNN
/// networks cannot run on <c>meta</c>; this stand-in lets the module's own training, measuring, distribution and
/// sampling code run there. It samples with <see cref="NaiveState"/>.
/// </summary>
internal sealed class MetaProbeNetwork : AutoregressiveNetwork
{
    private readonly Parameter bias;
    private readonly Parameter weight;
    private readonly Parameter vector;
    private readonly Parameter? embedding;
    private readonly Tensor mask;
    private readonly int classes;

    public MetaProbeNetwork(int classes, ImageShape shape)
        : base(nameof(MetaProbeNetwork))
    {
        this.classes = classes;
        this.Shape = shape;
        int pixels = shape.Pixels;
        this.bias = new Parameter(torch.randn(pixels, Levels) * 0.01);
        this.weight = new Parameter(torch.randn(pixels, pixels) * 0.01);
        this.vector = new Parameter(torch.randn(Levels));
        this.embedding = classes > 0 ? new Parameter(torch.randn(classes, Levels) * 0.01) : null;
        this.mask = torch.ones(pixels, pixels).tril(-1);
        this.register_buffer("mask", this.mask);
        this.RegisterComponents();
    }

    public override string Architecture => ProbeArchitecture.ProbeName;

    public override int HiddenDim => 1;

    public override IReadOnlyList<int> BlockDilations => new int[0];

    public override int ClassCount => this.classes;

    public override string LayerSummary => "masked linear probe";

    public override SamplerState CreateCachedState(int batch, Tensor? labels) =>
        new NaiveState(this, batch, labels, this.weight.device);

    public override Tensor Forward(Tensor input, Tensor? labels)
    {
        this.CheckLabels(input, labels);
        using var scope = torch.NewDisposeScope();
        long b = input.shape[0];
        Tensor x = this.ScalePixels(input.mul(PixelScale)).reshape(b, -1); // [B, P]
        Tensor mixed = x.matmul((this.weight * this.mask).t()); // [B, P]: pixels before p only
        // [B, 256, P]
        Tensor logits = this.bias.t().unsqueeze(0) + (mixed.unsqueeze(1) * this.vector.reshape(1, Levels, 1));
        if (this.embedding is not null)
        {
            logits = logits + this.embedding[TensorIndex.Tensor(labels!)].unsqueeze(2);
        }

        return logits.reshape(b, Levels, 1, this.Shape.Height, this.Shape.Width).MoveToOuterDisposeScope();
    }
}
