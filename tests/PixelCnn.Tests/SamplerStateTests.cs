namespace PixelCnn.Tests;

/// <summary>
/// A sampler state owns what it keeps: releasing one tensor disposes that tensor and no other, even when another kept
/// tensor holds the same values (a tensor's Equals compares values), and disposing the state disposes the rest.
/// </summary>
public sealed class SamplerStateTests
{
    [Fact]
    public void ReleaseDisposesTheTensorItIsGivenAndTheStateTheRest()
    {
        using var state = new TwoTensorState();
        state.ReleaseSecond();
        Assert.True(state.Second.IsInvalid);
        Assert.False(state.First.IsInvalid);
        state.Dispose();
        Assert.True(state.First.IsInvalid);
    }

    [Fact]
    public void ReleasingATensorTheStateDoesNotOwnLeavesItAlone()
    {
        var state = new TwoTensorState();
        using Tensor stranger = torch.zeros(3);
        state.Release(stranger);
        Assert.False(stranger.IsInvalid);
        Assert.False(state.First.IsInvalid);
        state.Dispose();
        Assert.True(state.First.IsInvalid && state.Second.IsInvalid);
        Assert.False(stranger.IsInvalid);
    }

    /// <summary>A state keeping two tensors of equal values (zeros).</summary>
    private sealed class TwoTensorState : SamplerState
    {
        public TwoTensorState()
            : base(1, torch.CPU)
        {
            this.First = this.Keep(torch.zeros(3));
            this.Second = this.Keep(torch.zeros(3));
        }

        public Tensor First { get; }

        public Tensor Second { get; }

        public void ReleaseSecond() => this.Release(this.Second);

        public new void Release(Tensor? tensor) => base.Release(tensor);

        public override Tensor Logits(int pixel) => throw new NotSupportedException();

        public override void Accept(int pixel, Tensor values) => throw new NotSupportedException();
    }
}
