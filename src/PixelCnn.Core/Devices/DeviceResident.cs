namespace PixelCnn.Devices;

/// <summary>
/// A tensor on a given device for the length of a run: the tensor itself when it is already there (not disposed
/// here, its owner keeps it), else a copy made once (disposed with this). Datasets and labels live on the host; a
/// training or measuring run moves them to the model's device with this, so no batch crosses from the host.
/// </summary>
internal sealed class DeviceResident : IDisposable
{
    private readonly bool owned;

    private DeviceResident(Tensor tensor, bool owned)
    {
        this.Tensor = tensor;
        this.owned = owned;
    }

    /// <summary>The tensor on the device.</summary>
    public Tensor Tensor { get; }

    /// <summary><paramref name="tensor"/> on <paramref name="device"/>.</summary>
    public static DeviceResident On(Tensor tensor, Device device) =>
        tensor.device_type == device.type && tensor.device_index == device.index
            ? new(tensor, false)
            : new(tensor.to(device), true);

    /// <inheritdoc/>
    public void Dispose()
    {
        if (this.owned)
        {
            this.Tensor.Dispose();
        }
    }
}
