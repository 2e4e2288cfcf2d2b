namespace PixelCnn.Optimization;

/// <summary>The running sums of an epoch's batches (the trainer's record of an epoch is made from them).</summary>
internal sealed class EpochSums
{
    public double Loss { get; private set; }

    public double MaxLoss { get; private set; }

    public double Norm { get; private set; }

    public double MaxNorm { get; private set; }

    public int Clipped { get; private set; }

    public long Seen { get; private set; }

    public void Add(double loss, double norm, int size, double? clip)
    {
        this.Loss += loss * size;
        this.MaxLoss = Math.Max(this.MaxLoss, loss);
        this.Norm += norm;
        this.MaxNorm = Math.Max(this.MaxNorm, norm);
        this.Clipped += clip is double c && norm > c ? 1 : 0;
        this.Seen += size;
    }
}
