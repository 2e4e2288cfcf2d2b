using System.Globalization;
using System.Text.Json;
using PixelCnn.Errors;
using PixelCnn.Model;
using PixelCnn.Networks;
using PixelCnn.Training;

namespace PixelCnn.Checkpoints;

/// <summary>
/// A model's <see cref="CheckpointRecord"/>, and the record put back into a model read from a checkpoint: schema
/// version, architecture, size, epoch, learning-rate schedule, seeds, training history and Adam's state.
/// </summary>
public static class CheckpointMetadata
{
    /// <summary>The schema this version writes and reads.</summary>
    public const int SchemaVersion = CheckpointRecord.CurrentSchema;

    /// <summary>The metadata of a model, as the file stores it.</summary>
    public static Dictionary<string, string> From(PixelCnnModel model, bool includeOptimizerState = true) =>
        MetadataSerializer.Write(RecordOf(model, includeOptimizerState));

    /// <summary>
    /// Restores the training state recorded in <paramref name="file"/> into <paramref name="model"/>.
    /// </summary>
    public static void Apply(SafeTensorsFile file, PixelCnnModel model)
    {
        CheckSchema(file);
        CheckpointRecord record;
        try
        {
            record = MetadataSerializer.Read(file.Metadata);
        }
        catch (FormatException ex)
        {
            throw Corrupt(file, $"has unreadable training metadata ({ex.Message})");
        }

        if (record.Architecture is string architecture && architecture != model.Architecture)
        {
            throw new PixelCnnException(
                $"Checkpoint '{file.Path}' holds a {architecture} model, not a {model.Architecture}.",
                "CheckpointMismatch",
                PixelCnnErrorKind.InvalidData,
                file.Path
            );
        }

        try
        {
            Restore(record, file, model);
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
        int? height = Side(file, CheckpointRecord.HeightKey),
            width = Side(file, CheckpointRecord.WidthKey);
        if (height is null && width is null)
        {
            return ImageShape.Mnist;
        }

        if (
            height is int h
            && width is int w
            && new ImageShape(h, w) is var shape
            && shape.Height is >= 1 and <= ImageShape.MaxSide
            && shape.Width is >= 1 and <= ImageShape.MaxSide
        )
        {
            return shape;
        }

        string recorded =
            $"{file.Metadata.GetValueOrDefault(CheckpointRecord.HeightKey)}x"
            + file.Metadata.GetValueOrDefault(CheckpointRecord.WidthKey);
        throw Corrupt(file, $"records an image size of {recorded}");
    }

    /// <summary>
    /// Replaces the average that <paramref name="model"/> (just read from <paramref name="file"/>) holds by the trained
    /// weights the file keeps beside it. A model without an average holds its trained weights already; a file of an
    /// averaged model without them (a shipped model, or one saved with -ExcludeOptimizerState) is an error.
    /// </summary>
    public static void UseTrainedWeights(SafeTensorsFile file, PixelCnnModel model)
    {
        if (model.TrainingState.Average is null && file.Metadata.ContainsKey(CheckpointRecord.AverageDecayKey))
        {
            throw new PixelCnnException(
                $"Checkpoint '{file.Path}' holds only the weight average of its run: its trained weights were not "
                    + "saved (a shipped model, or a file saved without the optimizer's state).",
                "TrainedWeightsNotKept",
                PixelCnnErrorKind.InvalidData,
                file.Path
            );
        }

        model.TrainingState.UseTrainedWeights();
    }

    private static CheckpointRecord RecordOf(PixelCnnModel model, bool includeOptimizerState)
    {
        TrainingState state = model.TrainingState;
        LearningRateSchedule? schedule = state.Schedule;
        WeightAverage? average = state.Average;
        return new CheckpointRecord
        {
            Format = "pt",
            Schema = CheckpointRecord.CurrentSchema,
            Architecture = model.Architecture,
            HiddenDim = model.HiddenDim,
            Dilations = model.Dilations,
            InputScaling = model.Network.InputScaling,
            Classes = model.Classes,
            Height = model.Shape.Height,
            Width = model.Shape.Width,
            Epoch = state.Epoch,
            History = state.History.ToArray(),
            ModuleVersion = typeof(CheckpointMetadata).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
            ClassNames = model.Conditional ? model.ClassNames.ToArray() : null,
            BaseLearningRate = schedule?.BaseRate,
            LearningRateDecay = schedule?.Decay,
            Schedule = schedule?.Kind,
            WarmupEpochs = schedule?.WarmupEpochs,
            ScheduleEpochs = schedule?.Epochs,
            LabelLearningRateScale = schedule is { ScalesLabels: true } ? schedule.LabelScale : null,
            // The tensors are the average (what the model samples with); the trained weights are training state.
            AverageDecay = average?.Decay,
            AverageSteps = average?.Steps,
            TrainedWeights = average is not null && includeOptimizerState ? TrainedWeightsOf(average) : null,
            InitializedFrom = model.InitializedFrom,
            GradientClipNorm = state.GradientClipNorm,
            Weights = state.HoldsTrainedWeights && average is null ? CheckpointRecord.TrainedWeightsValue : null,
            TrainingSeed = state.Seed,
            CreationSeed = model.CreationSeed,
            DefaultGuidance = model.DefaultGuidance,
            Optimizer = includeOptimizerState ? state.SaveOptimizerState() : null,
        };
    }

    private static byte[] TrainedWeightsOf(WeightAverage average) =>
        SafeTensorsWriter.Serialize(
            average.RawWeights().OrderBy(kv => kv.Key, StringComparer.Ordinal),
            new Dictionary<string, string>()
        );

    private static void Restore(CheckpointRecord record, SafeTensorsFile file, PixelCnnModel model)
    {
        if (record.Epoch < 0)
        {
            throw new FormatException("negative epoch");
        }

        LearningRateSchedule? schedule = record.BaseLearningRate is double rate
            ? new LearningRateSchedule(
                record.Schedule ?? LearningRateScheduleKind.Exponential,
                rate,
                record.LearningRateDecay ?? 1.0,
                record.ScheduleEpochs,
                record.WarmupEpochs ?? 0,
                record.LabelLearningRateScale is double scale ? PositiveFinite(scale) : 1
            )
            : null;
        TrainingState state = model.TrainingState;
        WeightAverage? average = AverageWeights.Read(record, file, model.Network);
        state.Restore(
            record.Epoch ?? 0,
            schedule,
            record.TrainingSeed,
            record.History ?? [],
            record.Optimizer,
            average
        );
        model.DefaultGuidance = record.DefaultGuidance;
        model.CreationSeed = record.CreationSeed;
        model.InitializedFrom = record.InitializedFrom;
        if (model.Conditional && record.ClassNames is string[] names)
        {
            model.ClassNames = names;
        }

        state.HoldsTrainedWeights = record.Weights == CheckpointRecord.TrainedWeightsValue;
        state.GradientClipNorm = record.GradientClipNorm is double clip ? PositiveFinite(clip) : null;
    }

    private static void CheckSchema(SafeTensorsFile file)
    {
        if (!file.Metadata.TryGetValue(CheckpointRecord.SchemaKey, out string? text))
        {
            return;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int schema) || schema < 1)
        {
            throw Corrupt(file, $"has an invalid schema version '{text}'");
        }

        if (schema > SchemaVersion)
        {
            throw new PixelCnnException(
                $"Checkpoint '{file.Path}' has schema version {schema}; this PixelCnn reads up to "
                    + $"{SchemaVersion}. Update the module.",
                "CheckpointSchemaTooNew",
                PixelCnnErrorKind.InvalidData,
                file.Path
            );
        }
    }

    private static int? Side(SafeTensorsFile file, string key) =>
        !file.Metadata.TryGetValue(key, out string? text) ? null
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value
        : -1;

    private static double PositiveFinite(double value) =>
        double.IsFinite(value) && value > 0
            ? value
            : throw new FormatException($"{value} where a positive number belongs");

    private static PixelCnnException Corrupt(SafeTensorsFile file, string what) =>
        new($"Checkpoint '{file.Path}' {what}.", "CheckpointCorrupt", PixelCnnErrorKind.InvalidData, file.Path);
}
