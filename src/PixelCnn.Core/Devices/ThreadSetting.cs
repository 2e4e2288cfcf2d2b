namespace PixelCnn.Devices;

/// <summary>Sets libtorch's intra-op thread count for a while and restores the earlier count when disposed.</summary>
public sealed class ThreadSetting : IDisposable
{
    private readonly int? previous;

    private ThreadSetting(int? previous) => this.previous = previous;

    /// <summary>Sets <paramref name="threads"/> (null: changes nothing).</summary>
    public static ThreadSetting Apply(int? threads)
    {
        if (threads is not int count)
        {
            return new ThreadSetting(null);
        }

        int previous = torch.get_num_threads();
        torch.set_num_threads(count);
        return new ThreadSetting(previous);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (this.previous is int count)
        {
            torch.set_num_threads(count);
        }
    }
}
