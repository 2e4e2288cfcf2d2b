using System.IO;
using PixelCnn.Checkpoints;
using PixelCnn.Diagnostics;
using PixelCnn.Errors;
using PixelCnn.Model;

namespace PixelCnn.Shipped;

/// <summary>
/// Trained models that ship with the module (module/models next to the bin folder), each a checkpoint without
/// optimizer state and a JSON record of how it was trained (examples/Train-ShippedModel.ps1 writes both):
/// "PixelCnn" the tutorial's PixelCNN, "Gated" the unconditional Gated PixelCNN, "GatedConditional" the
/// class-conditional Gated PixelCNN. "Default" is not a file of its own: it is the unconditional shipped model with
/// the lowest recorded test bits/dim (<see cref="ShippedModelCatalog"/>), the one a session without a model samples
/// from.
/// </summary>
public static class ShippedModels
{
    /// <summary>
    /// The name that stands for the best unconditional shipped model; used when a session has no model.
    /// </summary>
    public const string DefaultName = "Default";

    /// <summary>The shipped tutorial PixelCNN.</summary>
    public const string PixelCnnName = "PixelCnn";

    /// <summary>The shipped unconditional Gated PixelCNN.</summary>
    public const string GatedName = "Gated";

    /// <summary>The shipped class-conditional Gated PixelCNN.</summary>
    public const string GatedConditionalName = "GatedConditional";

    /// <summary>
    /// The shipped models' names and their files' stem (module/models/&lt;stem&gt;.safetensors and .json).
    /// </summary>
    public static IReadOnlyDictionary<string, string> FileStems { get; } =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [PixelCnnName] = "pixelcnn",
            [GatedName] = "gated",
            [GatedConditionalName] = "gated-conditional",
        };

    /// <summary>The folder of shipped models.</summary>
    public static string Folder => ModuleFolder.Path("models");

    /// <summary>
    /// The catalogue of this build's shipped models (one for the process; it reads the folder when asked).
    /// </summary>
    public static ShippedModelCatalog Catalog { get; } = new(Folder, FileStems);

    /// <summary>
    /// The checkpoint file of a shipped model ("Default" resolved); a clear error when this build lacks it.
    /// </summary>
    public static string CheckpointOf(string name)
    {
        ShippedModelCatalog catalog = Catalog;
        if (catalog.TryResolve(name, out string? path) && File.Exists(path))
        {
            return path;
        }

        string shipped = string.Join(", ", catalog.Shipped());
        string why = path is null
            ? $"no unconditional model with a test bits/dim in its record in '{catalog.Folder}'"
            : $"'{path}' is missing";
        throw new PixelCnnException(
            $"The shipped model '{name}' is not in this build of PixelCnn ({why}; shipped here: "
                + $"{(shipped.Length == 0 ? "none" : shipped)}).",
            "ShippedModelNotFound",
            PixelCnnErrorKind.ObjectNotFound,
            name
        );
    }

    /// <summary>True when the shipped model exists in this build.</summary>
    public static bool Exists(string name) => Catalog.TryResolve(name, out string? path) && File.Exists(path);

    /// <summary>Loads a shipped model onto <paramref name="device"/>.</summary>
    public static PixelCnnModel Load(string name, torch.Device device) =>
        CheckpointReader.Load(CheckpointOf(name), device).Model;
}
