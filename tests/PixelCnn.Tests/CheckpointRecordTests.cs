using System.Reflection;
using System.Text.Json;
using PixelCnn.Checkpoints;
using PixelCnn.Training;

namespace PixelCnn.Tests;

/// <summary>The checkpoint's metadata record: every field written and read back by the one serializer.</summary>
public sealed class CheckpointRecordTests
{
    private static readonly PropertyInfo[] Properties = typeof(CheckpointRecord).GetProperties();

    [Fact]
    public void EveryFieldSurvivesTheRoundTripExactly()
    {
        var record = new CheckpointRecord();
        foreach (PropertyInfo property in Properties)
        {
            property.SetValue(record, SampleOf(property.PropertyType));
        }

        Dictionary<string, string> metadata = MetadataSerializer.Write(record);
        Assert.Equal(Properties.Length, metadata.Count);
        CheckpointRecord read = MetadataSerializer.Read(metadata);
        foreach (PropertyInfo property in Properties)
        {
            Assert.True(
                JsonSerializer.Serialize(property.GetValue(read))
                    == JsonSerializer.Serialize(SampleOf(property.PropertyType)),
                $"{property.Name} did not come back as written"
            );
        }

        Assert.Equal("0.30000000000000004", metadata["pixelcnn.default_guidance"]);
        Assert.Equal("9007199254740993", metadata["pixelcnn.training_seed"]);
        Assert.Equal("AQID", metadata["pixelcnn.optimizer"]);
        Assert.Equal("Cosine", metadata["pixelcnn.schedule"]);
    }

    [Fact]
    public void KeysAreTheFileFormatsInTheirOrder()
    {
        // Files written by every earlier version and by examples/pytorch use these keys: renaming one loses data.
        string[] keys =
        [
            "format",
            "pixelcnn.schema",
            "pixelcnn.architecture",
            "hidden_dim",
            "dilations",
            "input_scaling",
            "pixelcnn.classes",
            "pixelcnn.height",
            "pixelcnn.width",
            "pixelcnn.epoch",
            "pixelcnn.history",
            "pixelcnn.module_version",
            "pixelcnn.class_names",
            "pixelcnn.base_learning_rate",
            "pixelcnn.learning_rate_decay",
            "pixelcnn.schedule",
            "pixelcnn.warmup_epochs",
            "pixelcnn.schedule_epochs",
            "pixelcnn.label_learning_rate_scale",
            "pixelcnn.average_decay",
            "pixelcnn.average_steps",
            "pixelcnn.trained_weights",
            "pixelcnn.initialized_from",
            "pixelcnn.gradient_clip_norm",
            "pixelcnn.weights",
            "pixelcnn.training_seed",
            "pixelcnn.creation_seed",
            "pixelcnn.default_guidance",
            "pixelcnn.optimizer",
        ];
        Assert.Equal(keys, MetadataSerializer.Keys);
        Assert.Equal(Properties.Length, keys.Length);
    }

    [Theory]
    [InlineData("pixelcnn.epoch", "twelve")]
    [InlineData("pixelcnn.training_seed", "99999999999999999999")]
    [InlineData("pixelcnn.schedule", "Linear")]
    [InlineData("pixelcnn.history", "{not json")]
    [InlineData("pixelcnn.optimizer", "not base64!")]
    [InlineData("pixelcnn.class_names", "null")]
    public void AValueThatDoesNotParseNamesItsKey(string key, string value)
    {
        var metadata = new Dictionary<string, string> { ["pixelcnn.epoch"] = "3", [key] = value };
        var error = Assert.Throws<FormatException>(() => MetadataSerializer.Read(metadata));
        Assert.StartsWith(key + ": ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeysItDoesNotKnowAreIgnored()
    {
        var metadata = new Dictionary<string, string> { ["pixelcnn.trained_with"] = "torchrun", ["hidden_dim"] = "8" };
        CheckpointRecord read = MetadataSerializer.Read(metadata);
        Assert.Equal(8, read.HiddenDim);
        Assert.Null(read.Epoch);
        Assert.Single(MetadataSerializer.Write(read));
    }

    private static object SampleOf(Type type) =>
        (Nullable.GetUnderlyingType(type) ?? type) switch
        {
            var t when t == typeof(string) => "text with ünïcode, \"quotes\"",
            var t when t == typeof(int) => -123456,
            var t when t == typeof(long) => 9_007_199_254_740_993L,
            var t when t == typeof(double) => 0.1 + 0.2,
            var t when t == typeof(byte[]) => new byte[] { 1, 2, 3 },
            var t when t == typeof(LearningRateScheduleKind) => LearningRateScheduleKind.Cosine,
            var t when t == typeof(string[]) => new[] { "a", "b c" },
            var t when t == typeof(PixelCnnEpochRecord[]) => new[]
            {
                new PixelCnnEpochRecord
                {
                    Epoch = 2,
                    TrainBpd = 0.1 + 0.2,
                    ValidationBpd = null,
                    LearningRate = 1e-3,
                },
            },
            var t => throw new InvalidOperationException($"no sample value for {t}: add one and its format"),
        };
}
