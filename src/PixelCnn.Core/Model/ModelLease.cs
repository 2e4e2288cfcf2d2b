namespace PixelCnn.Model;

/// <summary>A running command's use of a model (see <see cref="PixelCnnModel.DisposeWhenIdle"/>); ends once.</summary>
internal sealed class ModelLease : IDisposable
{
    private PixelCnnModel? model;

    /// <summary>Creates the lease of <paramref name="model"/>.</summary>
    public ModelLease(PixelCnnModel model) => this.model = model;

    /// <inheritdoc/>
    public void Dispose()
    {
        PixelCnnModel? leased = System.Threading.Interlocked.Exchange(ref this.model, null);
        if (leased is not null)
        {
            leased.ReleaseLease();
        }
    }
}
