using System.Globalization;
using System.Text.Json;
using PixelCnn.Errors;
using PixelCnn.Model;
using PixelCnn.Networks;
using PixelCnn.Training;

namespace PixelCnn.Checkpoints;

/// <summary>
/// What a checkpoint records besides the tensors, as safetensors string metadata (so the tensors stay exactly
/// the PyTorch state_dict and load with <c>load_state_dict</c>): schema version, architecture, hidden size, epoch,
/// learning-rate schedule, data-order seed, training history (JSON) and Adam's state (base64).
/// </summary>
public static class CheckpointMetadata
{
    /// <summary>The schema this version writes and reads.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Metadata keys.</summary>
    public const string Schema = "pixelcnn.schema";

    /// <summary>Metadata key of the architecture.</summary>
    public const string Architecture = "pixelcnn.architecture";

    /// <summary>Metadata key of the hidden size (the golden file's key).</summary>
    public const string HiddenDim = "hidden_dim";

    /// <summary>Metadata key of the image height (absent in files of 28x28 models written before sizes were recorded).</summary>
    public const string Height = "pixelcnn.height";

    /// <summary>Metadata key of the image width.</summary>
    public const string Width = "pixelcnn.width";

    private const string ClassNamesKey = "pixelcnn.class_names";
    private const string EpochKey = "pixelcnn.epoch";
    private const string BaseLearningRateKey = "pixelcnn.base_learning_rate";
    private const string DecayKey = "pixelcnn.learning_rate_decay";
    private const string SeedKey = "pixelcnn.training_seed";
    private const string CreationSeedKey = "pixelcnn.creation_seed";
    private const string DefaultGuidanceKey = "pixelcnn.default_guidance";
    private const string HistoryKey = "pixelcnn.history";
    private const string OptimizerKey = "pixelcnn.optimizer";
    private const string ScheduleKey = "pixelcnn.schedule";
    private const string ScheduleEpochsKey = "pixelcnn.schedule_epochs";
    private const string WarmupKey = "pixelcnn.warmup_epochs";
    private const string LabelScaleKey = "pixelcnn.label_learning_rate_scale";
    private const string AverageDecayKey = "pixelcnn.average_decay";
    private const string AverageStepsKey = "pixelcnn.average_steps";
    private const string TrainedWeightsKey = "pixelcnn.trained_weights";
    private const string InitializedFromKey = "pixelcnn.initialized_from";
    private const string WeightsKey = "pixelcnn.weights";
    private const string GradientClipKey = "pixelcnn.gradient_clip_norm";
    private const string TrainedWeightsValue = "trained";

    /// <summary>The metadata of a model.</summary>
    public static Dictionary<string, string> From(PixelCnnModel model, bool includeOptimizerState = true)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = "pt",
            [Schema] = SchemaVersion.ToString(CultureInfo.InvariantCulture),
            [Architecture] = model.Architecture,
            [HiddenDim] = model.HiddenDim.ToString(CultureInfo.InvariantCulture),
            ["dilations"] = model.Dilations,
            ["input_scaling"] = model.Network.InputScaling,
            ["pixelcnn.classes"] = model.Classes.ToString(CultureInfo.InvariantCulture),
            [Height] = model.Shape.Height.ToString(CultureInfo.InvariantCulture),
            [Width] = model.Shape.Width.ToString(CultureInfo.InvariantCulture),
            [EpochKey] = model.Epoch.ToString(CultureInfo.InvariantCulture),
            [HistoryKey] = JsonSerializer.Serialize(model.History.ToArray()),
            ["pixelcnn.module_version"] = typeof(CheckpointMetadata).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
        };
        if (model.Conditional)
        {
            metadata[ClassNamesKey] = JsonSerializer.Serialize(model.ClassNames);
        }

        if (model.Schedule is LearningRateSchedule schedule)
        {
            metadata[BaseLearningRateKey] = schedule.BaseRate.ToString("R", CultureInfo.InvariantCulture);
            metadata[DecayKey] = schedule.Decay.ToString("R", CultureInfo.InvariantCulture);
            metadata[ScheduleKey] = schedule.Kind.ToString();
            metadata[WarmupKey] = schedule.WarmupEpochs.ToString("R", CultureInfo.InvariantCulture);
            if (schedule.Epochs is int planned)
            {
                metadata[ScheduleEpochsKey] = planned.ToString(CultureInfo.InvariantCulture);
            }

            if (schedule.ScalesLabels)
            {
                metadata[LabelScaleKey] = schedule.LabelScale.ToString("R", CultureInfo.InvariantCulture);
            }
        }

        if (model.TrainingState.Average is WeightAverage average)
        {
            // The tensors are the average (what the model samples with); the trained weights are training state.
            metadata[AverageDecayKey] = average.Decay.ToString("R", CultureInfo.InvariantCulture);
            metadata[AverageStepsKey] = average.Steps.ToString(CultureInfo.InvariantCulture);
            if (includeOptimizerState)
            {
                metadata[TrainedWeightsKey] = Convert.ToBase64String(SafeTensorsWriter.Serialize(average.RawWeights().OrderBy(kv => kv.Key, StringComparer.Ordinal), new Dictionary<string, string>()));
            }
        }

        if (model.InitializedFrom is string initializedFrom)
        {
            metadata[InitializedFromKey] = initializedFrom;
        }

        if (model.GradientClipNorm is double clip)
        {
            metadata[GradientClipKey] = clip.ToString("R", CultureInfo.InvariantCulture);
        }

        if (model.TrainingState.HoldsTrainedWeights && model.TrainingState.Average is null)
        {
            metadata[WeightsKey] = TrainedWeightsValue;
        }

        if (model.TrainingSeed is long seed)
        {
            metadata[SeedKey] = seed.ToString(CultureInfo.InvariantCulture);
        }

        if (model.CreationSeed is int creationSeed)
        {
            metadata[CreationSeedKey] = creationSeed.ToString(CultureInfo.InvariantCulture);
        }

        if (model.DefaultGuidance is double guidance)
        {
            metadata[DefaultGuidanceKey] = guidance.ToString("R", CultureInfo.InvariantCulture);
        }

        if (includeOptimizerState && model.TrainingState.SaveOptimizerState() is byte[] optimizer)
        {
            metadata[OptimizerKey] = Convert.ToBase64String(optimizer);
        }

        return metadata;
    }

    /// <summary>Restores the training state recorded in <paramref name="file"/> into <paramref name="model"/>.</summary>
    public static void Apply(SafeTensorsFile file, PixelCnnModel model)
    {
        IReadOnlyDictionary<string, string> m = file.Metadata;
        if (m.TryGetValue(Schema, out string? schemaText))
        {
            if (!int.TryParse(schemaText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int schema) || schema < 1)
            {
                throw Corrupt(file, $"has an invalid schema version '{schemaText}'");
            }

            if (schema > SchemaVersion)
            {
                throw new PixelCnnException(
                    $"Checkpoint '{file.Path}' has schema version {schema}; this PixelCnn reads up to {SchemaVersion}. Update the module.",
                    "CheckpointSchemaTooNew", PixelCnnErrorKind.InvalidData, file.Path);
            }
        }

        if (m.TryGetValue(Architecture, out string? architecture) && architecture != model.Architecture)
        {
            throw new PixelCnnException($"Checkpoint '{file.Path}' holds a {architecture} model, not a {model.Architecture}.", "CheckpointMismatch", PixelCnnErrorKind.InvalidData, file.Path);
        }

        try
        {
            int epoch = m.TryGetValue(EpochKey, out string? e) ? int.Parse(e, NumberStyles.Integer, CultureInfo.InvariantCulture) : 0;
            double? lr = m.TryGetValue(BaseLearningRateKey, out string? l) ? double.Parse(l, NumberStyles.Float, CultureInfo.InvariantCulture) : null;
            double? decay = m.TryGetValue(DecayKey, out string? d) ? double.Parse(d, NumberStyles.Float, CultureInfo.InvariantCulture) : null;
            long? seed = m.TryGetValue(SeedKey, out string? s) ? long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture) : null;
            PixelCnnEpochRecord[] history = m.TryGetValue(HistoryKey, out string? h) ? JsonSerializer.Deserialize<PixelCnnEpochRecord[]>(h) ?? Array.Empty<PixelCnnEpochRecord>() : Array.Empty<PixelCnnEpochRecord>();
            byte[]? optimizer = m.TryGetValue(OptimizerKey, out string? o) ? Convert.FromBase64String(o) : null;
            if (epoch < 0)
            {
                throw new FormatException("negative epoch");
            }

            LearningRateSchedule? schedule = lr is double rate
                ? new LearningRateSchedule(
                    m.TryGetValue(ScheduleKey, out string? k) ? Enum.Parse<LearningRateScheduleKind>(k, ignoreCase: false) : LearningRateScheduleKind.Exponential,
                    rate,
                    decay ?? 1.0,
                    m.TryGetValue(ScheduleEpochsKey, out string? p) ? int.Parse(p, NumberStyles.Integer, CultureInfo.InvariantCulture) : null,
                    m.TryGetValue(WarmupKey, out string? w) ? double.Parse(w, NumberStyles.Float, CultureInfo.InvariantCulture) : 0,
                    m.TryGetValue(LabelScaleKey, out string? ls) ? PositiveFinite(double.Parse(ls, NumberStyles.Float, CultureInfo.InvariantCulture)) : 1)
                : null;
            model.TrainingState.Restore(epoch, schedule, seed, history, optimizer, ReadAverage(file, model));
            model.DefaultGuidance = m.TryGetValue(DefaultGuidanceKey, out string? dg) ? double.Parse(dg, NumberStyles.Float, CultureInfo.InvariantCulture) : null;
            model.CreationSeed = m.TryGetValue(CreationSeedKey, out string? cs) ? int.Parse(cs, NumberStyles.Integer, CultureInfo.InvariantCulture) : null;
            model.InitializedFrom = m.TryGetValue(InitializedFromKey, out string? initializedFrom) ? initializedFrom : null;
            if (model.Conditional && m.TryGetValue(ClassNamesKey, out string? names))
            {
                model.ClassNames = JsonSerializer.Deserialize<string[]>(names) ?? throw new FormatException("no class names");
            }

            model.TrainingState.HoldsTrainedWeights = m.TryGetValue(WeightsKey, out string? weights) && weights == TrainedWeightsValue;
            model.TrainingState.GradientClipNorm = m.TryGetValue(GradientClipKey, out string? clip) ? PositiveFinite(double.Parse(clip, NumberStyles.Float, CultureInfo.InvariantCulture)) : null;
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or JsonException or ArgumentException)
        {
            throw Corrupt(file, $"has unreadable training metadata ({ex.Message})");
        }
    }

    /// <summary>
    /// The image size the file records: 28x28 when it records none (PyTorch state_dicts, UvA's checkpoint, files
    /// written before sizes were recorded).
    /// </summary>
    public static ImageShape ShapeOf(SafeTensorsFile file)
    {
        int? height = Side(file, Height), width = Side(file, Width);
        if (height is null && width is null)
        {
            return ImageShape.Mnist;
        }

        if (height is int h && width is int w && new ImageShape(h, w) is var shape
            && shape.Height is >= 1 and <= ImageShape.MaxSide && shape.Width is >= 1 and <= ImageShape.MaxSide)
        {
            return shape;
        }

        throw Corrupt(file, $"records an image size of {file.Metadata.GetValueOrDefault(Height)}x{file.Metadata.GetValueOrDefault(Width)}");
    }

    private static int? Side(SafeTensorsFile file, string key) =>
        !file.Metadata.TryGetValue(key, out string? text) ? null
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : -1;

    /// <summary>
    /// Replaces the average that <paramref name="model"/> (just read from <paramref name="file"/>) holds by the trained
    /// weights the file keeps beside it. A model without an average holds its trained weights already; a file of an
    /// averaged model without them (a shipped model, or one saved with -ExcludeOptimizerState) is an error.
    /// </summary>
    public static void UseTrainedWeights(SafeTensorsFile file, PixelCnnModel model)
    {
        if (model.TrainingState.Average is null && file.Metadata.ContainsKey(AverageDecayKey))
        {
            throw new PixelCnnException(
                $"Checkpoint '{file.Path}' holds only the weight average of its run: its trained weights were not saved (a shipped model, or a file written with -ExcludeOptimizerState). Import it without -TrainedWeights, or use a checkpoint the training wrote.",
                "TrainedWeightsNotKept", PixelCnnErrorKind.InvalidData, file.Path);
        }

        model.TrainingState.UseTrainedWeights();
    }

    private static double PositiveFinite(double value) =>
        double.IsFinite(value) && value > 0 ? value : throw new FormatException($"{value} where a positive number belongs");

    /// <summary>
    /// The weight average of a checkpoint written with -AverageWeights: the file's tensors are the average; the
    /// trained weights (for resuming) are a nested safetensors blob. Without them (a shipped file) the model samples
    /// with the average and a further training starts a new average from it.
    /// </summary>
    private static WeightAverage? ReadAverage(SafeTensorsFile file, PixelCnnModel model)
    {
        IReadOnlyDictionary<string, string> m = file.Metadata;
        if (!m.TryGetValue(AverageDecayKey, out string? decayText) || !m.TryGetValue(TrainedWeightsKey, out string? blob))
        {
            return null;
        }

        double decay = double.Parse(decayText, NumberStyles.Float, CultureInfo.InvariantCulture);
        long steps = m.TryGetValue(AverageStepsKey, out string? s) ? long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture) : 0;
        if (!(decay > 0 && decay < 1) || steps < 0)
        {
            throw new FormatException($"average decay {decayText} or steps {steps} out of range");
        }

        SafeTensorsFile trained = SafeTensorsFile.Parse(file.Path + " (trained weights)", Convert.FromBase64String(blob));
        var raw = new Dictionary<string, TorchSharp.torch.Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (string name in trained.Entries.Keys)
            {
                raw[name] = trained.GetTensor(name);
            }

            return WeightAverage.Resume(model.Network, raw, decay, steps);
        }
        finally
        {
            foreach (var tensor in raw.Values)
            {
                tensor.Dispose();
            }
        }
    }

    private static PixelCnnException Corrupt(SafeTensorsFile file, string what) =>
        new($"Checkpoint '{file.Path}' {what}.", "CheckpointCorrupt", PixelCnnErrorKind.InvalidData, file.Path);
}
