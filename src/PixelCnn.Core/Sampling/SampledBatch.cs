using PixelCnn.Devices;

namespace PixelCnn.Sampling;

/// <summary>
/// One batch of sampled images on the host: their pixels (row-major, image after image) and log-likelihoods. Its
/// known pixels go to the device and its results come back once per batch.
/// </summary>
internal sealed record SampledBatch(byte[] Pixels, double[] LogLikelihoods)
{
    /// <summary>
    /// The known pixels of a batch (int64 values, and true where a pixel is drawn), or null when every pixel is drawn.
    /// Built on the host once per batch and moved to the device.
    /// </summary>
    public static (Tensor KnownValues, Tensor Drawn)? KnownPixels(
        IReadOnlyList<SampleRequest> requests,
        int pixels,
        Device device
    )
    {
        if (requests.All(r => r.Known is null))
        {
            return null;
        }

        var values = new long[requests.Count * pixels];
        var drawn = new bool[requests.Count * pixels];
        for (int i = 0; i < requests.Count; i++)
        {
            for (int p = 0; p < pixels; p++)
            {
                bool isKnown = requests[i].Known?[p] == true;
                drawn[(i * pixels) + p] = !isKnown;
                values[(i * pixels) + p] = isKnown ? requests[i].Original!.Pixels[p] : 0;
            }
        }

        long[] shape = { requests.Count, pixels };
        using var scope = torch.NewDisposeScope();
        Tensor known = torch.tensor(values, shape, ScalarType.Int64).to(device),
            isDrawn = torch.tensor(drawn, shape).to(device);
        return (known.MoveToOuterDisposeScope(), isDrawn.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The one host crossing of a batch: its pixels and log-likelihoods together, after the last pixel.
    /// </summary>
    public static SampledBatch Download(Tensor values, Tensor logLikelihood, int count)
    {
        using Tensor both = torch.cat(new[] { values.to(ScalarType.Float64), logLikelihood.unsqueeze(1) }, 1);
        double[] flat = HostTransfer.Download<double>(both, HostTransfer.SampledBatch);
        int size = (int)values.shape[0],
            width = count + 1;
        var pixels = new byte[size * count];
        var logLikelihoods = new double[size];
        for (int i = 0; i < size; i++)
        {
            for (int p = 0; p < count; p++)
            {
                pixels[(i * count) + p] = (byte)flat[(i * width) + p];
            }

            logLikelihoods[i] = flat[(i * width) + count];
        }

        return new SampledBatch(pixels, logLikelihoods);
    }
}
