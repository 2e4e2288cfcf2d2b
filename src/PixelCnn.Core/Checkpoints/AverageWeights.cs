using PixelCnn.Networks;
using PixelCnn.Training;

namespace PixelCnn.Checkpoints;

/// <summary>
/// The weight average of a checkpoint written with -AverageWeights: the file's tensors are the average; the trained
/// weights (for resuming) are a nested safetensors file in its metadata. Without them (a shipped file) the model
/// samples with the average and a further training starts a new average from it.
/// </summary>
internal static class AverageWeights
{
    /// <summary>The average the record describes, over <paramref name="network"/>; null without one.</summary>
    public static WeightAverage? Read(CheckpointRecord record, SafeTensorsFile file, AutoregressiveNetwork network)
    {
        if (record.AverageDecay is not double decay || record.TrainedWeights is not byte[] blob)
        {
            return null;
        }

        long steps = record.AverageSteps ?? 0;
        if (!(decay > 0 && decay < 1) || steps < 0)
        {
            throw new FormatException($"average decay {decay} or steps {steps} out of range");
        }

        SafeTensorsFile trained = SafeTensorsFile.Parse(file.Path + " (trained weights)", blob);
        var raw = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (string name in trained.Entries.Keys)
            {
                raw[name] = trained.GetTensor(name);
            }

            return WeightAverage.Resume(network, raw, decay, steps);
        }
        finally
        {
            foreach (Tensor tensor in raw.Values)
            {
                tensor.Dispose();
            }
        }
    }
}
