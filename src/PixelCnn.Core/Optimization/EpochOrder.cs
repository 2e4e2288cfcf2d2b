using PixelCnn.Networks;

namespace PixelCnn.Optimization;

/// <summary>
/// What an epoch draws from the run's seed on the host: the order of its images and which of them train without
/// their label. Both depend on the seed and the epoch only, so a resumed run continues exactly.
/// </summary>
internal static class EpochOrder
{
    /// <summary>
    /// The order of <paramref name="count"/> images in epoch <paramref name="epoch"/>: shuffled from
    /// <paramref name="seed"/>, or in file order without one.
    /// </summary>
    public static long[] Order(long? seed, long count, int epoch)
    {
        long[] order = Enumerable.Range(0, (int)count).Select(i => (long)i).ToArray();
        if (seed is long s)
        {
            new Random(unchecked((int)(s * 7919 + epoch))).Shuffle(order);
        }

        return order;
    }

    /// <summary>
    /// Which images of epoch <paramref name="epoch"/> train without their label: each with probability
    /// <paramref name="share"/>, drawn on the host from the seed and the epoch.
    /// </summary>
    public static bool[] LabelDropMask(long seed, int epoch, int count, double share)
    {
        var random = new Random(unchecked((int)((seed * 104729) + (epoch * 31) + 17)));
        var dropped = new bool[count];
        for (int i = 0; i < count; i++)
        {
            dropped[i] = random.NextDouble() < share;
        }

        return dropped;
    }

    /// <summary>
    /// The epoch's labels with those of <see cref="LabelDropMask"/> replaced by
    /// <see cref="AutoregressiveNetwork.NoLabel"/> (a new tensor the caller disposes).
    /// </summary>
    public static Tensor DropLabels(Tensor labels, long seed, int epoch, double share)
    {
        if (share <= 0)
        {
            return labels.alias();
        }

        using Tensor onHost = torch.tensor(LabelDropMask(seed, epoch, (int)labels.shape[0], share));
        using Tensor mask = onHost.to(labels.device);
        using Scalar noLabel = AutoregressiveNetwork.NoLabel;
        return labels.masked_fill(mask, noLabel);
    }
}
