using PixelCnn.Architectures;
using PixelCnn.Errors;

namespace PixelCnn.Checkpoints;

/// <summary>Which registered architecture a checkpoint holds.</summary>
public static class CheckpointArchitecture
{
    /// <summary>
    /// The architecture of a checkpoint: the one its metadata names (the module's own files), else the one whose
    /// identifying tensor it holds (a plain PyTorch state_dict).
    /// </summary>
    public static Architecture Recognise(SafeTensorsFile file, string path)
    {
        if (file.Metadata.TryGetValue(CheckpointRecord.ArchitectureKey, out string? recorded))
        {
            Architecture named = ArchitectureRegistry.Find(recorded)
                ?? throw new PixelCnnException(
                    $"Checkpoint '{path}' holds a '{recorded}' model, an architecture this PixelCnn does not know "
                        + $"({string.Join(", ", ArchitectureRegistry.Names)}).",
                    "CheckpointMismatch",
                    PixelCnnErrorKind.InvalidData,
                    path
                );
            return file.Contains(named.IdentifyingTensor)
                ? named
                : throw new PixelCnnException(
                    $"Checkpoint '{path}' records a {named.Name} model but lacks its tensor "
                        + $"'{named.IdentifyingTensor}'.",
                    "CheckpointMismatch",
                    PixelCnnErrorKind.InvalidData,
                    path
                );
        }

        return ArchitectureRegistry.All.FirstOrDefault(a => file.Contains(a.IdentifyingTensor))
            ?? throw new PixelCnnException(
                $"Checkpoint '{path}' is not a PixelCNN checkpoint: it has none of the tensors that identify an "
                    + "architecture ("
                    + string.Join(", ", ArchitectureRegistry.All.Select(a => $"'{a.IdentifyingTensor}' ({a.Name})"))
                    + ").",
                "CheckpointMismatch",
                PixelCnnErrorKind.InvalidData,
                path
            );
    }
}
