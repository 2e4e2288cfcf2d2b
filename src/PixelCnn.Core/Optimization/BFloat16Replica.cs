using PixelCnn.Architectures;
using PixelCnn.Model;
using PixelCnn.Networks;
using TorchSharp.Modules;

namespace PixelCnn.Optimization;

/// <summary>
/// Mixed-precision training by hand (TorchSharp has no autocast): a bfloat16 copy of the network runs the forward and
/// backward passes, while the model's float32 network keeps the master weights that Adam steps. BatchNorm layers of
/// the copy stay float32 (weights and running statistics; libtorch normalizes bfloat16 input with them), the network
/// casts its scaled input to bfloat16, and the loss takes its bfloat16 logits to float32 (<c>PixelLoss</c>). Each
/// step: the master weights are copied into the copy, its gradients are copied (as float32) into the masters'
/// gradients, and its BatchNorm statistics back into the master.
/// </summary>
internal sealed class BFloat16Replica : IDisposable
{
    private readonly List<(Tensor Master, Tensor Copy)> parameters = new();
    private readonly List<(Tensor Master, Tensor Copy)> buffers = new();

    /// <summary>Creates the copy of <paramref name="master"/> on its device.</summary>
    public BFloat16Replica(AutoregressiveNetwork master, Device device)
    {
        this.Network = PixelCnnFactory.CreateNetwork(
            master.Architecture,
            master.HiddenDim,
            master.ClassCount,
            master.Shape
        );
        this.Network.to(device);
        this.Network.to(ScalarType.BFloat16);
        foreach (var module in this.Network.modules().OfType<BatchNormalization2d>())
        {
            module.to(ScalarType.Float32);
        }

        this.Network.ComputeType = ScalarType.BFloat16;
        var copies = this.Network.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        foreach (var (name, parameter) in master.named_parameters())
        {
            this.parameters.Add((parameter, copies[name]));
        }

        var copyBuffers = this.Network.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        foreach (var (name, buffer) in master.named_buffers())
        {
            Tensor copy = copyBuffers[name];
            using (torch.no_grad())
            {
                copy.copy_(buffer);
            }

            if (!name.EndsWith("mask", StringComparison.Ordinal))
            {
                this.buffers.Add((buffer, copy));
            }
        }
    }

    /// <summary>The bfloat16 network (train it, run it; never step it).</summary>
    public AutoregressiveNetwork Network { get; }

    /// <summary>
    /// Copies the master weights into the copy and clears its gradients (before a step's forward pass).
    /// </summary>
    public void PullWeights()
    {
        using (torch.no_grad())
        {
            foreach (var (master, copy) in this.parameters)
            {
                copy.copy_(master);
            }
        }

        this.Network.zero_grad();
    }

    /// <summary>Gives the masters the copy's gradients (as float32) and the copy's BatchNorm statistics.</summary>
    public void PushGradients()
    {
        using (torch.no_grad())
        {
            foreach (var (master, copy) in this.parameters)
            {
                using Tensor? gradient = copy.grad;
                master.grad = gradient?.to(ScalarType.Float32);
            }

            foreach (var (master, copy) in this.buffers)
            {
                master.copy_(copy);
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => this.Network.Dispose();
}
