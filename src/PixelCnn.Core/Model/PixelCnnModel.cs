using System.IO;
using PixelCnn.Networks;
using PixelCnn.Numerics;
using PixelCnn.Training;
using TorchSharp.Modules;

namespace PixelCnn.Model;

/// <summary>
/// A PixelCNN as the module's cmdlets pass it around: the network, the device it lives on, where its weights came
/// from, and its <see cref="Training.TrainingState"/> (epochs, schedule, Adam's state, history; shown here for the
/// shell). New-PixelCnn and Import-PixelCnn return it.
/// </summary>
public sealed class PixelCnnModel : IDisposable
{
    /// <summary>Wraps a network already on <paramref name="device"/>.</summary>
    public PixelCnnModel(AutoregressiveNetwork network, Device device, string? source = null)
    {
        this.Network = network;
        this.TorchDevice = device;
        this.Source = source;
        network.eval();
    }

    /// <summary>The architecture: PixelCnn (the tutorial's) or Gated.</summary>
    public string Architecture => this.Network.Architecture;

    /// <summary>True when the model takes a class label per image (Gated -Conditional).</summary>
    public bool Conditional => this.Network.IsConditional;

    /// <summary>
    /// True for a conditional model whose last epoch trained with label dropout: it learned images without a label
    /// (<see cref="AutoregressiveNetwork.NoLabel"/>), so it measures, describes and completes them as an unconditional
    /// model and guides itself.
    /// </summary>
    public bool KnowsNoLabel => this.Conditional && this.TrainingState.LabelDropout > 0;

    /// <summary>Number of classes of a conditional model (0 otherwise).</summary>
    public int Classes => this.Network.ClassCount;

    /// <summary>
    /// The names of a conditional model's classes, by label index (none for an unconditional model): its data's class
    /// names (Import-PixelCnnDataset -LabelFromFolder: the folders' names), else the indices ("0" to "9" for MNIST).
    /// -Label takes a name or an index. Checkpoints keep them.
    /// </summary>
    public IReadOnlyList<string> ClassNames
    {
        get => this.classNames ?? ModelClasses.IndexNames(this.Classes);
        internal set => this.classNames = ModelClasses.Check(value, this.Classes);
    }

    private IReadOnlyList<string>? classNames;

    /// <summary>
    /// The size of the images the model is for (rows x columns): its data, samples and completions have it.
    /// </summary>
    public ImageShape Shape => this.Network.Shape;

    /// <summary>
    /// Hidden size h (PixelCnn: the residual blocks narrow 2h features to h; Gated: channels of each stack).
    /// </summary>
    public int HiddenDim => this.Network.HiddenDim;

    /// <summary>The layers in one line.</summary>
    public string Layers => this.Network.LayerSummary;

    /// <summary>Dilations of the seven blocks.</summary>
    public string Dilations => string.Join(",", this.Network.BlockDilations);

    /// <summary>Number of trainable parameters.</summary>
    public long ParameterCount => this.Network.parameters().Sum(p => p.numel());

    /// <summary>"cpu" or "cuda:N".</summary>
    public string Device => this.TorchDevice.ToString();

    /// <summary>"Training" while BatchNorm uses batch statistics, "Evaluation" otherwise.</summary>
    public string Mode => this.Network.training ? "Training" : "Evaluation";

    /// <summary>
    /// What training has made of the network besides its weights: epochs, schedule, Adam's state, history.
    /// </summary>
    public TrainingState TrainingState { get; } = new();

    /// <summary>
    /// The -Guidance weight Get-PixelCnnSample and Complete-PixelCnnImage use for this class-conditional model when
    /// none is given (null: none; -Guidance 0 turns it off for one command). Checkpoints keep it; the shipped
    /// GatedConditional model carries the weight measured best for it (docs/conditional-sampling.md).
    /// </summary>
    public double? DefaultGuidance
    {
        get => this.defaultGuidance;
        set =>
            this.defaultGuidance =
                value is null || (value >= 0 && double.IsFinite(value.Value))
                    ? value
                    : throw new ArgumentOutOfRangeException(nameof(value), value, "A guidance weight is 0 or more.");
    }

    private double? defaultGuidance;

    /// <summary>
    /// Seed of the initial weights (New-PixelCnn -Seed; null when they were random). Training without -Seed takes its
    /// data order from it, so a seeded model trains the same way every time. Checkpoints keep it.
    /// </summary>
    public int? CreationSeed { get; internal set; }

    /// <summary>The file the model was imported from, if any.</summary>
    public string? Source { get; }

    /// <summary>
    /// The trained model whose weights this one started from (New-PixelCnn -InitializeFrom), as one line; null for a
    /// model that started from random weights. Checkpoints keep it.
    /// </summary>
    public string? InitializedFrom { get; internal set; }

    /// <summary>The TorchSharp network.</summary>
    public AutoregressiveNetwork Network { get; }

    /// <summary>The TorchSharp device.</summary>
    public Device TorchDevice { get; }

    /// <summary>True once disposed.</summary>
    public bool IsDisposed { get; private set; }

    /// <summary>
    /// Logits [B,256,1,H,W] for uint8 images [B,1,H,W] (scaled by 1/255 as the tutorial does) and, for a conditional
    /// model, labels [B] (ignored by an unconditional one).
    /// </summary>
    public Tensor Logits(Tensor images, Tensor? labels = null) => this.Logits(this.Network, images, labels);

    /// <summary>
    /// Logits of <paramref name="network"/> (this model's, or a training copy of it) for uint8 images.
    /// </summary>
    internal Tensor Logits(AutoregressiveNetwork network, Tensor images, Tensor? labels)
    {
        using var scope = torch.NewDisposeScope();
        Tensor input = AutoregressiveNetwork.ToUnit(images, this.TorchDevice);
        Tensor? classes = this.Conditional ? labels?.to(ScalarType.Int64, this.TorchDevice) : null;
        return network.Forward(input, classes).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Stops with an error when images of <paramref name="height"/> x <paramref name="width"/> are not of the model's
    /// size: its convolutions would compute at any size, but what it learned is for its own.
    /// </summary>
    public void CheckImageSize(long height, long width, object? target = null)
    {
        if (height != this.Shape.Height || width != this.Shape.Width)
        {
            throw new Errors.PixelCnnException(
                $"The images are {height}x{width} and the model is for {this.Shape} images.",
                "ImageSizeMismatch",
                Errors.PixelCnnErrorKind.InvalidData,
                target
            );
        }
    }

    /// <summary>
    /// Labels as an int64 tensor on the model's device: null for an unconditional model; checked for a conditional one.
    /// </summary>
    public Tensor? LabelTensor(IReadOnlyList<int?> labels, object? target = null) =>
        this.CheckLabels(labels, target) is long[] values
            ? torch.tensor(values, ScalarType.Int64, this.TorchDevice)
            : null;

    /// <summary>
    /// The labels as class indices for a conditional model (null for an unconditional one, which ignores labels). A
    /// missing label is <see cref="AutoregressiveNetwork.NoLabel"/> for a model trained with label dropout (it learned
    /// images without one: the model unconditional) and an error naming the image for any other; a label outside the
    /// model's classes is an error.
    /// </summary>
    public long[]? CheckLabels(IReadOnlyList<int?> labels, object? target = null)
    {
        if (!this.Conditional)
        {
            return null;
        }

        var values = new long[labels.Count];
        for (int i = 0; i < values.Length; i++)
        {
            if (labels[i] is not int label)
            {
                values[i] = this.KnowsNoLabel
                    ? AutoregressiveNetwork.NoLabel
                    : throw new Errors.PixelCnnException(
                        $"This model is class-conditional and image {i + 1} has no label; only a model "
                            + "trained with label dropout knows images without one.",
                        "LabelRequired",
                        Errors.PixelCnnErrorKind.InvalidArgument,
                        target
                    );
                continue;
            }

            if (label < 0 || label >= this.Classes)
            {
                throw new Errors.PixelCnnException(
                    $"Label {label} is outside 0..{this.Classes - 1}, the classes of this model.",
                    "LabelOutOfRange",
                    Errors.PixelCnnErrorKind.InvalidArgument,
                    target ?? label
                );
            }

            values[i] = label;
        }

        return values;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{this.Architecture}{(this.Conditional ? " conditional" : string.Empty)} ({this.ShapeText}hidden "
        + $"{this.HiddenDim}, "
        + $"{this.ParameterCount:N0} parameters, {this.Device}, {this.Mode}, epoch {this.TrainingState.Epoch})";

    private string ShapeText => this.Shape == ImageShape.Mnist ? string.Empty : $"{this.Shape}, ";

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!this.IsDisposed)
        {
            this.TrainingState.Dispose();
            this.Network.Dispose();
            this.IsDisposed = true;
        }
    }
}
