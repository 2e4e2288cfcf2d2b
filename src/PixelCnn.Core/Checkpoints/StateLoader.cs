using PixelCnn.Errors;

namespace PixelCnn.Checkpoints;

/// <summary>
/// Copies tensors from a safetensors file into a module's parameters and buffers by their PyTorch state names.
/// Strict for the module: every parameter and buffer must be in the file with the same shape; tensors in the
/// file that the module does not have are reported, not loaded. Nothing is changed unless everything matches.
/// </summary>
public static class StateLoader
{
    /// <summary>Every parameter and buffer of the module by state name.</summary>
    public static IReadOnlyDictionary<string, Tensor> StateTensors(nn.Module module)
    {
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, parameter) in module.named_parameters())
        {
            state[name] = parameter;
        }

        foreach (var (name, buffer) in module.named_buffers())
        {
            state[name] = buffer;
        }

        return state;
    }

    /// <summary>
    /// Loads the file's tensors into the module. Returns the names in the file the module does not use.
    /// </summary>
    public static IReadOnlyList<string> Load(nn.Module module, SafeTensorsFile file)
    {
        IReadOnlyDictionary<string, Tensor> state = StateTensors(module);
        var missing = state.Keys.Where(k => !file.Contains(k)).ToList();
        if (missing.Count > 0)
        {
            throw new PixelCnnException(
                $"Checkpoint '{file.Path}' does not match the model: it lacks {missing.Count} of the model's tensors "
                    + $"({string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", ..." : string.Empty)}).",
                "CheckpointMismatch",
                PixelCnnErrorKind.InvalidData,
                file.Path
            );
        }

        foreach (var (name, target) in state)
        {
            SafeTensorsEntry entry = file.Entries[name];
            if (!entry.Shape.SequenceEqual(target.shape))
            {
                throw new PixelCnnException(
                    $"Checkpoint '{file.Path}' does not match the model: '{name}' has shape "
                        + $"[{string.Join(", ", entry.Shape)}], the model needs [{string.Join(", ", target.shape)}].",
                    "CheckpointMismatch",
                    PixelCnnErrorKind.InvalidData,
                    file.Path
                );
            }
        }

        using (torch.no_grad())
        {
            foreach (var (name, target) in state)
            {
                using Tensor source = file.GetTensor(name);
                using Tensor converted = source.to(target.dtype, target.device);
                target.copy_(converted);
            }
        }

        return file.Entries.Keys.Where(k => !state.ContainsKey(k)).ToList();
    }
}
