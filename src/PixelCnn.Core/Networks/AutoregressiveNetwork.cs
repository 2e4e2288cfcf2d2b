using PixelCnn.Errors;
using PixelCnn.Numerics;

namespace PixelCnn.Networks;

/// <summary>
/// What every PixelCNN network shares: input pixels scaled to [0,1] as [B,1,H,W] (and, for a class-conditional
/// network, int64 labels [B]); output logits [B,256,1,H,W] where the distribution of each pixel depends only on the
/// pixels before it in raster order.
/// </summary>
public abstract class AutoregressiveNetwork : nn.Module<Tensor, Tensor>
{
    private bool? batchNormalized;

    /// <summary>Number of values a pixel can take.</summary>
    public const int Levels = 256;

    /// <summary>
    /// The label that stands for "no label" in a conditional network's label tensor: its embedding is zero, so the
    /// network computes what it computes without the label terms. Training with label dropout teaches a conditional
    /// model this case, and guidance then takes its unconditional logits from the same model.
    /// </summary>
    public const int NoLabel = -1;

    /// <summary>Creates the module.</summary>
    protected AutoregressiveNetwork(string name)
        : base(name) { }

    /// <summary>The name of the architecture (a name <c>ArchitectureRegistry</c> knows).</summary>
    public abstract string Architecture { get; }

    /// <summary>Hidden size.</summary>
    public abstract int HiddenDim { get; }

    /// <summary>Dilations of the blocks, in order.</summary>
    public abstract IReadOnlyList<int> BlockDilations { get; }

    /// <summary>
    /// The size of the images the network models. Its layers are convolutions, so it computes at any size; the sampler
    /// states, the checks of data and completions, and the checkpoint metadata use this one.
    /// </summary>
    public ImageShape Shape { get; set; } = ImageShape.Mnist;

    /// <summary>Number of classes a conditional network takes (0: unconditional).</summary>
    public virtual int ClassCount => 0;

    /// <summary>
    /// The type the layers compute in: Float32, or BFloat16 for a mixed-precision training copy (the network casts its
    /// scaled input to it, and its logits come out in it: <see cref="Likelihood.PixelLoss"/> takes them to Float32).
    /// </summary>
    public ScalarType ComputeType { get; set; } = ScalarType.Float32;

    /// <summary>True when the network takes a class label per image.</summary>
    public bool IsConditional => this.ClassCount > 0;

    /// <summary>
    /// State names of the parameters that encode the class label (none for an unconditional network). Training can
    /// give them their own learning rate (<c>-LabelLearningRateScale</c>): after a warm start they begin at zero.
    /// </summary>
    public virtual IEnumerable<string> LabelParameterNames() => Enumerable.Empty<string>();

    /// <summary>
    /// The entries of <c>named_parameters()</c> named by <see cref="LabelParameterNames"/>, in the network's order.
    /// </summary>
    public IReadOnlyList<(string Name, TorchSharp.Modules.Parameter Parameter)> NamedLabelParameters()
    {
        var names = this.LabelParameterNames().ToHashSet(System.StringComparer.Ordinal);
        var found = this.named_parameters().Where(p => names.Contains(p.name)).ToList();
        return found.Count == names.Count
            ? found
            : throw new System.InvalidOperationException(
                $"{this.GetType().Name} names label parameters it does not have: "
                    + $"{string.Join(", ", names.Except(found.Select(p => p.name)))}."
            );
    }

    /// <summary>
    /// The masked convolutions in order, with their state-name prefixes. TorchSharp can list a registered submodule a
    /// second time under its field name; each layer is reported once, under the name it was registered with first.
    /// </summary>
    public IEnumerable<MaskedLayer> MaskedConvolutions()
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var (name, module) in this.named_modules())
        {
            if (module is MaskedConvolution layer && seen.Add(layer))
            {
                yield return new MaskedLayer(name, layer);
            }
        }
    }

    /// <summary>The layers in one line (shown with the model).</summary>
    public abstract string LayerSummary { get; }

    /// <summary>Pixel values are divided by this to give <see cref="Forward"/>'s [0,1] input.</summary>
    public const double PixelScale = Scalars.PixelScaleValue;

    /// <summary>How the first layer sees a pixel value x, for checkpoint metadata (the tutorial's: x/255).</summary>
    public virtual string InputScaling => "x/255";

    /// <summary>
    /// What the first layer sees of [0,1] input: the architecture's own input scaling (a new tensor).
    /// </summary>
    [InCallersDisposeScope]
    public virtual Tensor FromUnit(Tensor unit) => unit.clone();

    /// <summary>
    /// What the first layer computes from <see cref="Forward"/>'s [0,1] <paramref name="input"/>: the architecture's
    /// scaling (<see cref="FromUnit"/>) in <see cref="ComputeType"/> and the layout the layers compute that type in
    /// (<see cref="MemoryLayout"/>). Every network's forward starts here.
    /// </summary>
    [InCallersDisposeScope]
    protected Tensor LayerInput(Tensor input) =>
        MemoryLayout.ForCompute(this.FromUnit(input).to(this.ComputeType), this.BatchNormalized);

    /// <summary>Whether the network has BatchNorm layers (they decide its float32 layout: MemoryLayout).</summary>
    public bool BatchNormalized => this.batchNormalized ??= this.modules().OfType<BatchNormalization2d>().Any();

    /// <summary>
    /// Pixel values 0..255 (any dtype) as the float32 [0,1] input <see cref="Forward"/> takes, on
    /// <paramref name="device"/>: x/255, always a new tensor (the caller's is never changed). The one place pixels are
    /// scaled; the architecture's own scaling of that input is <see cref="FromUnit"/>.
    /// </summary>
    [InCallersDisposeScope]
    public static Tensor ToUnit(Tensor pixels, Device device)
    {
        using var scope = torch.NewDisposeScope();
        return pixels.to(ScalarType.Float32, device).div(Scalars.PixelScale).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The first layer's input for pixel values 0..255 (any dtype): <see cref="ToUnit"/>, then <see cref="FromUnit"/>.
    /// </summary>
    [InCallersDisposeScope]
    public Tensor ScalePixels(Tensor values)
    {
        using Tensor unit = ToUnit(values, values.device);
        return this.FromUnit(unit);
    }

    /// <summary>
    /// A state that evaluates the network one pixel at a time (for exact fast sampling), for <paramref name="batch"/>
    /// images with <paramref name="labels"/> (int64 [B] on the network's device) for a conditional network. It uses the
    /// network's current weights and mask buffers; call it in evaluation mode.
    /// </summary>
    public abstract SamplerState CreateCachedState(int batch, Tensor? labels);

    /// <summary>
    /// True when no mask buffer opens a position its design keeps closed (<see cref="MaskedConvolution.WithinDesign"/>
    /// of every layer). The sampler states read only the design's positions, so only then do they compute what the
    /// network computes.
    /// </summary>
    public bool MasksWithinDesign => this.MaskedConvolutions().All(m => m.Layer.WithinDesign);

    /// <summary>
    /// Logits [B,256,1,H,W] in <see cref="ComputeType"/> for scaled pixels and (for a conditional network) labels.
    /// </summary>
    public abstract Tensor Forward(Tensor input, Tensor? labels);

    /// <summary>
    /// Logits of an unconditional network (a conditional one needs <see cref="Forward(Tensor, Tensor?)"/>).
    /// </summary>
    public sealed override Tensor forward(Tensor input) => this.Forward(input, null);

    /// <summary>Checks that labels are given exactly when the network is conditional, and are in range.</summary>
    protected void CheckLabels(Tensor input, Tensor? labels)
    {
        if (!this.IsConditional)
        {
            return;
        }

        if (labels is null)
        {
            throw new PixelCnnException(
                "This model is class-conditional: it needs a label for every image.",
                "LabelRequired",
                PixelCnnErrorKind.InvalidArgument,
                null
            );
        }

        if (labels.shape.Length != 1 || labels.shape[0] != input.shape[0])
        {
            throw new PixelCnnException(
                $"{input.shape[0]} images need {input.shape[0]} labels, not [{string.Join(",", labels.shape)}].",
                "LabelCountMismatch",
                PixelCnnErrorKind.InvalidArgument,
                null
            );
        }
    }
}
