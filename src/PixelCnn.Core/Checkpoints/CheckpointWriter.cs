using PixelCnn.Model;

namespace PixelCnn.Checkpoints;

/// <summary>
/// Saves a model as safetensors: the tensors are exactly the PyTorch state_dict (same names, shapes and dtypes,
/// masks included), the training state goes into the metadata. Written atomically.
/// </summary>
public static class CheckpointWriter
{
    /// <summary>The checkpoint's bytes.</summary>
    public static byte[] Serialize(PixelCnnModel model, bool includeOptimizerState = true) =>
        SafeTensorsWriter.Serialize(
            StateLoader.StateTensors(model.Network).OrderBy(kv => kv.Key, System.StringComparer.Ordinal),
            CheckpointMetadata.From(model, includeOptimizerState)
        );

    /// <summary>Writes the checkpoint to <paramref name="path"/> (temporary file, then rename).</summary>
    public static void Save(
        PixelCnnModel model,
        string path,
        bool overwrite = true,
        bool includeOptimizerState = true
    ) => SafeTensorsWriter.Write(path, Serialize(model, includeOptimizerState), overwrite);
}
