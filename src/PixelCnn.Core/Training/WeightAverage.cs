using PixelCnn.Numerics;

namespace PixelCnn.Training;

/// <summary>
/// Polyak averaging (an exponential moving average, as PixelCNN++ uses) of a network's floating-point parameters and
/// BatchNorm statistics (masks are fixed and left out). After step n the average moves towards the trained
/// weights with factor 1 - d, d = min(decay, (1 + n) / (10 + n)), so early averages are not dominated by the
/// initial weights. The network holds one set of weights and this object the other: the trained ("raw") weights
/// while training, the average otherwise, so sampling, likelihoods and checkpoints use the average and Adam
/// keeps stepping the raw weights.
/// </summary>
public sealed class WeightAverage : IDisposable
{
    private readonly List<(string Name, Tensor Live, Tensor Other)> tensors;

    private WeightAverage(List<(string, Tensor, Tensor)> tensors, double decay, long steps, bool networkHoldsAverage)
    {
        this.tensors = tensors;
        this.Decay = decay;
        this.Steps = steps;
        this.NetworkHoldsAverage = networkHoldsAverage;
    }

    /// <summary>The decay of the average per step.</summary>
    public double Decay { get; }

    /// <summary>Optimizer steps averaged so far.</summary>
    public long Steps { get; private set; }

    /// <summary>True when the network holds the average and this object the raw weights.</summary>
    public bool NetworkHoldsAverage { get; private set; }

    /// <summary>The names of the averaged tensors, in the network's order.</summary>
    public IEnumerable<string> Names => this.tensors.Select(t => t.Name);

    /// <summary>Starts an average at the network's current weights (the network holds the raw weights).</summary>
    public static WeightAverage Start(nn.Module network, double decay) =>
        new(
            Averaged(network).Select(t => (t.Name, t.Tensor, Copy(t.Tensor))).ToList(),
            decay,
            0,
            networkHoldsAverage: false
        );

    /// <summary>
    /// An average whose current value the network holds (a loaded checkpoint), with the raw weights from
    /// <paramref name="raw"/> (by state name, copied).
    /// </summary>
    public static WeightAverage Resume(
        nn.Module network,
        IReadOnlyDictionary<string, Tensor> raw,
        double decay,
        long steps
    )
    {
        var list = new List<(string, Tensor, Tensor)>();
        foreach (var (name, live) in Averaged(network))
        {
            if (!raw.TryGetValue(name, out Tensor? source) || !source.shape.SequenceEqual(live.shape))
            {
                foreach (var (_, _, other) in list)
                {
                    other.Dispose();
                }

                throw new FormatException($"the trained weights lack '{name}' or have another shape");
            }

            using Tensor moved = source.to(live.dtype, live.device);
            list.Add((name, live, Copy(moved)));
        }

        return new WeightAverage(list, decay, steps, networkHoldsAverage: true);
    }

    /// <summary>The trained weights by state name (not copies: read them before the next swap or step).</summary>
    public IEnumerable<KeyValuePair<string, Tensor>> RawWeights() =>
        this.tensors.Select(t => new KeyValuePair<string, Tensor>(t.Name, this.NetworkHoldsAverage ? t.Other : t.Live));

    /// <summary>Puts the raw weights into the network (for training).</summary>
    public void UseRaw()
    {
        if (this.NetworkHoldsAverage)
        {
            this.Swap();
        }
    }

    /// <summary>Puts the average into the network (for validation, sampling, saving).</summary>
    public void UseAverage()
    {
        if (!this.NetworkHoldsAverage)
        {
            this.Swap();
        }
    }

    /// <summary>Moves the average towards the network's raw weights after an optimizer step.</summary>
    public void Update()
    {
        if (this.NetworkHoldsAverage)
        {
            throw new InvalidOperationException("The network holds the average; UseRaw before training steps.");
        }

        double d = Math.Min(this.Decay, (1.0 + this.Steps) / (10.0 + this.Steps));
        using Scalar decay = d,
            rest = 1 - d;
        using (torch.no_grad())
        {
            foreach (var (_, live, average) in this.tensors)
            {
                average.mul_(decay).add_(live, rest);
            }
        }

        this.Steps++;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var (_, _, other) in this.tensors)
        {
            other.Dispose();
        }

        this.tensors.Clear();
    }

    /// <summary>A copy of a tensor's values outside autograd (detach, then clone), its intermediate disposed.</summary>
    private static Tensor Copy(Tensor tensor)
    {
        using Tensor detached = tensor.detach();
        return detached.clone();
    }

    private void Swap()
    {
        using (torch.no_grad())
        {
            foreach (var (_, live, other) in this.tensors)
            {
                using Tensor held = Copy(live);
                live.copy_(other);
                other.copy_(held);
            }
        }

        this.NetworkHoldsAverage = !this.NetworkHoldsAverage;
    }

    private static IEnumerable<(string Name, Tensor Tensor)> Averaged(nn.Module network)
    {
        foreach (var (name, parameter) in network.named_parameters())
        {
            yield return (name, parameter);
        }

        foreach (var (name, buffer) in network.named_buffers())
        {
            if (buffer.is_floating_point() && !name.EndsWith("mask", StringComparison.Ordinal))
            {
                yield return (name, buffer);
            }
        }
    }
}
