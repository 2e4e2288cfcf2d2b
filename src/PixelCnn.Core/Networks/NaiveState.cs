using PixelCnn.Numerics;

namespace PixelCnn.Networks;

/// <summary>
/// The naive sampler (-Sampler Naive), the tutorial's way as a sampler state: every pixel runs the whole network on the
/// image so far (pixels not drawn yet are 0) and reads that pixel's logits: one forward pass per pixel (784 at 28x28)
/// per batch; the reference the cached states are checked against.
/// </summary>
public sealed class NaiveState : SamplerState
{
    private readonly AutoregressiveNetwork network;
    private readonly Tensor image;
    private readonly Tensor? labels;

    /// <summary>
    /// Creates the state for <paramref name="batch"/> images with labels (int64 [B], on the network's device) if
    /// conditional.
    /// </summary>
    public NaiveState(AutoregressiveNetwork network, int batch, Tensor? labels, Device device)
        : base(batch, device)
    {
        this.network = network;
        using var scope = torch.NewDisposeScope();
        this.image = this.Keep(
            torch.zeros(new long[] { batch, 1, network.Shape.Height, network.Shape.Width }, ScalarType.Byte, device)
        );
        this.labels = labels is null ? null : this.Keep(labels.detach().clone());
    }

    /// <inheritdoc/>
    public override Tensor Logits(int pixel)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        Tensor unit = AutoregressiveNetwork.ToUnit(this.image, this.Device);
        Tensor logits = this.network.Forward(unit, this.labels);
        return logits[.., .., 0, pixel / this.network.Shape.Width, pixel % this.network.Shape.Width]
            .contiguous()
            .MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override void Accept(int pixel, Tensor values)
    {
        using var scope = torch.NewDisposeScope();
        this.image.select(2, pixel / this.network.Shape.Width)
            .select(2, pixel % this.network.Shape.Width)
            .select(1, 0)
            .copy_(values.to(ScalarType.Byte));
    }
}
