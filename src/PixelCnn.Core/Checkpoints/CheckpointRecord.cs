using PixelCnn.Model;
using PixelCnn.Training;

namespace PixelCnn.Checkpoints;

/// <summary>
/// What a checkpoint records besides the tensors, as safetensors string metadata (so the tensors stay exactly the
/// PyTorch state_dict and load with <c>load_state_dict</c>): one property per key, null where the file has none.
/// <see cref="MetadataSerializer"/> writes and reads every property by its type (numbers invariant and round-trip,
/// enums by name, arrays as JSON, bytes as base64); <see cref="CheckpointMetadata"/> fills it from a model and puts it
/// back. A new persisted field: a property here, its line in each of those two, and the round trip test covers it.
/// </summary>
internal sealed record CheckpointRecord
{
    /// <summary>The schema this version writes and reads.</summary>
    public const int CurrentSchema = 1;

    /// <summary>Key of the schema version.</summary>
    public const string SchemaKey = "pixelcnn.schema";

    /// <summary>Key of the architecture's name.</summary>
    public const string ArchitectureKey = "pixelcnn.architecture";

    /// <summary>Key of the hidden size (the golden file's key).</summary>
    public const string HiddenDimKey = "hidden_dim";

    /// <summary>Key of the image height (absent in files of 28x28 models written before sizes were recorded).</summary>
    public const string HeightKey = "pixelcnn.height";

    /// <summary>Key of the image width.</summary>
    public const string WidthKey = "pixelcnn.width";

    /// <summary>Key of the weight average's decay (the tensors of such a file are the average).</summary>
    public const string AverageDecayKey = "pixelcnn.average_decay";

    /// <summary>The value of <see cref="Weights"/> when the tensors are the trained weights.</summary>
    public const string TrainedWeightsValue = "trained";

    /// <summary>safetensors' format tag: "pt", tensors of a PyTorch state_dict.</summary>
    [MetadataKey("format")]
    public string? Format { get; init; }

    [MetadataKey(SchemaKey)]
    public int? Schema { get; init; }

    [MetadataKey(ArchitectureKey)]
    public string? Architecture { get; init; }

    [MetadataKey(HiddenDimKey)]
    public int? HiddenDim { get; init; }

    /// <summary>The blocks' dilations, for readers of the file (the architecture fixes them).</summary>
    [MetadataKey("dilations")]
    public string? Dilations { get; init; }

    /// <summary>How pixels become the network's input, for readers of the file (the architecture fixes it).</summary>
    [MetadataKey("input_scaling")]
    public string? InputScaling { get; init; }

    [MetadataKey("pixelcnn.classes")]
    public int? Classes { get; init; }

    [MetadataKey(HeightKey)]
    public int? Height { get; init; }

    [MetadataKey(WidthKey)]
    public int? Width { get; init; }

    [MetadataKey("pixelcnn.epoch")]
    public int? Epoch { get; init; }

    [MetadataKey("pixelcnn.history")]
    public PixelCnnEpochRecord[]? History { get; init; }

    [MetadataKey("pixelcnn.module_version")]
    public string? ModuleVersion { get; init; }

    [MetadataKey("pixelcnn.class_names")]
    public string[]? ClassNames { get; init; }

    [MetadataKey("pixelcnn.base_learning_rate")]
    public double? BaseLearningRate { get; init; }

    [MetadataKey("pixelcnn.learning_rate_decay")]
    public double? LearningRateDecay { get; init; }

    [MetadataKey("pixelcnn.schedule")]
    public LearningRateScheduleKind? Schedule { get; init; }

    [MetadataKey("pixelcnn.warmup_epochs")]
    public double? WarmupEpochs { get; init; }

    [MetadataKey("pixelcnn.schedule_epochs")]
    public int? ScheduleEpochs { get; init; }

    [MetadataKey("pixelcnn.label_learning_rate_scale")]
    public double? LabelLearningRateScale { get; init; }

    [MetadataKey(AverageDecayKey)]
    public double? AverageDecay { get; init; }

    [MetadataKey("pixelcnn.average_steps")]
    public long? AverageSteps { get; init; }

    /// <summary>An averaged model's trained weights (for resuming), as a nested safetensors file.</summary>
    [MetadataKey("pixelcnn.trained_weights")]
    public byte[]? TrainedWeights { get; init; }

    [MetadataKey("pixelcnn.initialized_from")]
    public string? InitializedFrom { get; init; }

    [MetadataKey("pixelcnn.gradient_clip_norm")]
    public double? GradientClipNorm { get; init; }

    /// <summary><see cref="TrainedWeightsValue"/> when the tensors are trained weights (not a fresh model's).</summary>
    [MetadataKey("pixelcnn.weights")]
    public string? Weights { get; init; }

    [MetadataKey("pixelcnn.training_seed")]
    public long? TrainingSeed { get; init; }

    [MetadataKey("pixelcnn.creation_seed")]
    public int? CreationSeed { get; init; }

    [MetadataKey("pixelcnn.default_guidance")]
    public double? DefaultGuidance { get; init; }

    /// <summary>Adam's state, serialized by <see cref="TrainingState"/>.</summary>
    [MetadataKey("pixelcnn.optimizer")]
    public byte[]? Optimizer { get; init; }
}
