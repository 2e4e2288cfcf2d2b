using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Text.Json;
using PixelCnn.Errors;

namespace PixelCnn.Shipped;

/// <summary>
/// The shipped models in one folder: each name's checkpoint (&lt;stem&gt;.safetensors) and record (&lt;stem&gt;.json),
/// and which one "Default" stands for: the unconditional model whose record has the lowest test bits/dim (a
/// conditional model needs labels, so it cannot be what a bare Get-PixelCnnSample draws from). A model without a
/// checkpoint or without a TestBpd in its record is not a candidate; equal figures go to the first name.
/// </summary>
public sealed class ShippedModelCatalog
{
    private readonly IReadOnlyDictionary<string, string> stems;

    /// <summary>
    /// A catalogue of <paramref name="folder"/> with the given names and file stems, in order of preference.
    /// </summary>
    public ShippedModelCatalog(string folder, IReadOnlyDictionary<string, string> stems)
    {
        this.Folder = folder;
        this.stems = stems;
    }

    /// <summary>The folder of the checkpoints and records.</summary>
    public string Folder { get; }

    /// <summary>
    /// The name "Default" stands for, or null when no unconditional model with a test figure is shipped.
    /// </summary>
    public string? DefaultModel()
    {
        string? best = null;
        double bestBpd = double.PositiveInfinity;
        foreach ((string name, string stem) in this.stems)
        {
            if (
                !File.Exists(this.CheckpointOf(stem))
                || this.ReadRecord(stem) is not (bool conditional, double testBpd)
                || conditional
            )
            {
                continue;
            }

            if (testBpd < bestBpd)
            {
                (best, bestBpd) = (name, testBpd);
            }
        }

        return best;
    }

    /// <summary>
    /// The checkpoint of <paramref name="name"/> ("Default" resolved); false when Default has no candidate.
    /// </summary>
    public bool TryResolve(string name, [NotNullWhen(true)] out string? path)
    {
        string? resolved = string.Equals(name, ShippedModels.DefaultName, StringComparison.OrdinalIgnoreCase)
            ? this.DefaultModel()
            : name;
        if (resolved is null)
        {
            path = null;
            return false;
        }

        if (!this.stems.TryGetValue(resolved, out string? stem))
        {
            throw new ArgumentException(
                $"'{name}' is not a shipped model's name; the names are {ShippedModels.DefaultName}, "
                    + $"{string.Join(", ", this.stems.Keys)}.",
                nameof(name)
            );
        }

        path = this.CheckpointOf(stem);
        return true;
    }

    /// <summary>The names whose checkpoint is in the folder.</summary>
    public IEnumerable<string> Shipped() =>
        this.stems.Where(kv => File.Exists(this.CheckpointOf(kv.Value))).Select(kv => kv.Key);

    private string CheckpointOf(string stem) => Path.Combine(this.Folder, stem + ".safetensors");

    /// <summary>A record's Conditional and TestBpd, or null when the record or the test figure is missing.</summary>
    private (bool Conditional, double TestBpd)? ReadRecord(string stem)
    {
        string path = Path.Combine(this.Folder, stem + ".json");
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using JsonDocument record = JsonDocument.Parse(File.ReadAllBytes(path));
            JsonElement root = record.RootElement;
            if (!root.TryGetProperty("TestBpd", out JsonElement test) || test.ValueKind != JsonValueKind.Number)
            {
                return null;
            }

            bool conditional =
                root.TryGetProperty("Conditional", out JsonElement c) && c.ValueKind == JsonValueKind.True;
            return (conditional, test.GetDouble());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new PixelCnnException(
                $"The shipped model record '{path}' is not valid JSON with an object at its root: {e.Message}",
                "ShippedModelRecordInvalid",
                PixelCnnErrorKind.InvalidData,
                path,
                e
            );
        }
    }
}
