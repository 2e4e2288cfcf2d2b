using System;
using System.Runtime.CompilerServices;
using System.Threading;
using PixelCnn.Model;

namespace PixelCnn.Commands;

/// <summary>
/// Which models running commands use: a command leases the model it runs with until its pipeline ends, and a
/// session-owned model that <see cref="CurrentModel"/> replaces meanwhile is disposed when its last lease ends
/// instead of under the running command.
/// </summary>
internal static class ModelLeases
{
    private static readonly ConditionalWeakTable<PixelCnnModel, Count> Counts = new();

    /// <summary>Marks <paramref name="model"/> as in use until the returned lease is disposed (once).</summary>
    public static IDisposable Acquire(PixelCnnModel model)
    {
        Count count = Counts.GetValue(model, _ => new Count());
        lock (count)
        {
            count.Leases++;
        }

        return new Lease(model, count);
    }

    /// <summary>
    /// Disposes <paramref name="model"/> now, or when its last lease ends if a command is still using it.
    /// </summary>
    public static void DisposeWhenIdle(PixelCnnModel model)
    {
        if (Counts.TryGetValue(model, out Count? count))
        {
            lock (count)
            {
                if (count.Leases > 0)
                {
                    count.DisposeWhenIdle = true;
                    return;
                }
            }
        }

        model.Dispose();
    }

    private sealed class Count
    {
        public int Leases;
        public bool DisposeWhenIdle;
    }

    private sealed class Lease : IDisposable
    {
        private PixelCnnModel? model;
        private readonly Count count;

        public Lease(PixelCnnModel model, Count count)
        {
            this.model = model;
            this.count = count;
        }

        public void Dispose()
        {
            PixelCnnModel? leased = Interlocked.Exchange(ref this.model, null);
            if (leased is null)
            {
                return;
            }

            bool dispose;
            lock (this.count)
            {
                this.count.Leases--;
                dispose = this.count.Leases == 0 && this.count.DisposeWhenIdle;
            }

            if (dispose)
            {
                leased.Dispose();
            }
        }
    }
}
