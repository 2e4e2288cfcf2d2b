namespace PixelCnn.Networks;

/// <summary>
/// A network evaluated one pixel at a time in raster order, for sampling: at the start of each row
/// <see cref="BeginRow"/>, then for each pixel <see cref="Logits"/> (from what the state holds of earlier pixels) and
/// <see cref="Accept"/> (the value the pixel took). Each network builds its own state from its own layers
/// (<see cref="AutoregressiveNetwork.CreateCachedState"/>), so a state needs no knowledge of another class's
/// layer numbering. The state owns the tensors it keeps: each is made inside a dispose scope and detached into the
/// state with <see cref="Keep"/>, and disposed with it; no scope stays open between calls.
/// </summary>
public abstract class SamplerState : IDisposable
{
    private readonly List<Tensor> kept = new();

    /// <summary>Creates a state for <paramref name="batch"/> images on <paramref name="device"/>.</summary>
    protected SamplerState(int batch, Device device)
    {
        this.Batch = batch;
        this.Device = device;
    }

    /// <summary>Images evaluated together.</summary>
    public int Batch { get; }

    /// <summary>The device of the network and of every tensor the state keeps.</summary>
    public Device Device { get; }

    /// <summary>
    /// Called before the first pixel of row <paramref name="row"/>; work that depends only on earlier rows goes here.
    /// </summary>
    public virtual void BeginRow(int row) { }

    /// <summary>
    /// The logits [B,256] (float32) of pixel <paramref name="pixel"/> (raster index) given the pixels accepted so far.
    /// </summary>
    public abstract Tensor Logits(int pixel);

    /// <summary>Records the values (int64 [B], 0..255) pixel <paramref name="pixel"/> took.</summary>
    public abstract void Accept(int pixel, Tensor values);

    /// <inheritdoc/>
    public void Dispose()
    {
        this.kept.ForEach(t => t.Dispose());
        this.kept.Clear();
        GC.SuppressFinalize(this);
    }

    /// <summary>Detaches <paramref name="tensor"/> from any dispose scope and makes the state its owner.</summary>
    protected Tensor Keep(Tensor tensor)
    {
        tensor.DetachFromDisposeScope();
        this.kept.Add(tensor);
        return tensor;
    }

    /// <summary>
    /// Disposes a tensor the state kept (for tensors replaced row by row). Found by reference: a tensor's own
    /// Equals compares values, which would find (and keep) another tensor with the same contents, and costs a pass.
    /// </summary>
    protected void Release(Tensor? tensor)
    {
        int index = this.kept.FindIndex(t => ReferenceEquals(t, tensor));
        if (index >= 0)
        {
            this.kept.RemoveAt(index);
            tensor!.Dispose();
        }
    }
}
