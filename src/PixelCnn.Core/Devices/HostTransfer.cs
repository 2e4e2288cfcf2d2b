namespace PixelCnn.Devices;

/// <summary>
/// The module's one door from the model's device to the host. Results of per-batch and per-pixel work (a training
/// batch's loss, a likelihood run's per-image sums, a distribution batch, a sampled batch) come through here and
/// nowhere else, each named by what it carries, so that on a GPU the host waits for the device only at these points.
/// On the <c>meta</c> device (shapes without data: a dry run that proves every tensor is on the model's device) a
/// download returns zeros of the right length. <see cref="Record"/> lists the crossings made on the calling thread.
/// </summary>
public static class HostTransfer
{
    /// <summary>
    /// A training batch's loss and gradient norm, together (once per batch, after backward, before the optimizer's
    /// step).
    /// </summary>
    public const string TrainingLoss = "training loss";

    /// <summary>The negative log-likelihood of every image of a likelihood run (once per run).</summary>
    public const string Likelihoods = "likelihoods";

    /// <summary>A batch of per-pixel log-probabilities (once per distribution batch).</summary>
    public const string Distributions = "distributions";

    /// <summary>A sampled batch's pixels and log-likelihoods (once per sampling batch, after its last pixel).</summary>
    public const string SampledBatch = "sampled batch";

    /// <summary>
    /// Whether a mask buffer matches or stays within its design (once per layer when a checkpoint loads or a sampler is
    /// chosen).
    /// </summary>
    public const string MaskCheck = "mask check";

    /// <summary>Which input pixels influence one pixel (once per receptive-field query).</summary>
    public const string ReceptiveField = "receptive field";

    /// <summary>
    /// A CPU convolution and its float64 reference, compared (once per process, before the first model;
    /// <see cref="OneDnnPaddingDefect"/>).
    /// </summary>
    public const string ConvolutionCheck = "convolution check";

    [ThreadStatic]
    private static List<string>? recording;

    /// <summary>The elements of <paramref name="tensor"/> (any device, any shape) in row-major order.</summary>
    public static T[] Download<T>(Tensor tensor, string what)
        where T : unmanaged
    {
        recording?.Add(what);
        if (tensor.device_type == DeviceType.META)
        {
            return new T[tensor.numel()];
        }

        // A scope, not a using: cpu() and contiguous() may each make a tensor, and an undisposed one waits for the
        // finalizer.
        using var scope = torch.NewDisposeScope();
        return tensor.cpu().contiguous().data<T>().ToArray();
    }

    /// <summary>The value of a one-element tensor.</summary>
    public static T Scalar<T>(Tensor tensor, string what)
        where T : unmanaged
    {
        recording?.Add(what);
        return tensor.device_type == DeviceType.META ? default : tensor.item<T>();
    }

    /// <summary>Starts listing this thread's crossings until the returned recording is disposed.</summary>
    public static Recording Record() => new();

    /// <summary>The crossings made on one thread while it is open, in order.</summary>
    public sealed class Recording : IDisposable
    {
        private readonly List<string>? outer;

        internal Recording()
        {
            this.outer = recording;
            recording = this.Crossings;
        }

        /// <summary>The names of the crossings, in the order they happened.</summary>
        public List<string> Crossings { get; } = new();

        /// <inheritdoc/>
        public void Dispose() => recording = this.outer;
    }
}
