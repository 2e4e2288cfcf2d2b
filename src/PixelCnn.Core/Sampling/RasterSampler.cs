using System.Threading;
using PixelCnn.Devices;
using PixelCnn.Imaging;
using PixelCnn.Model;
using PixelCnn.Networks;
using PixelCnn.Numerics;
using PixelCnn.Training;

namespace PixelCnn.Sampling;

/// <summary>
/// The one sampling loop: batches, raster order, draws, log-likelihoods, stopping and progress, over an
/// <see cref="SamplerState"/>: the network's own cached state (<see cref="SamplerKind.Cached"/>) or
/// <see cref="NaiveState"/> (<see cref="SamplerKind.Naive"/>). Each batch runs inside its own dispose scope
/// that ends before its images are yielded, so whatever the pipeline does with an image (even create or train another
/// model) happens with no scope of the sampler current. The batch's pixels and log-likelihoods come to the host in one
/// place, <see cref="SampledBatch.Download"/> (<see cref="HostTransfer.SampledBatch"/>), after its last pixel. The
/// batch's random numbers and known pixels are made on the host (per-image generators keep images the same on every
/// device and batch size) and uploaded once per batch.
/// </summary>
public static class RasterSampler
{
    /// <summary>
    /// Batches at most this large compute with one libtorch thread: per-pixel work is too small to share.
    /// </summary>
    public const int SingleThreadBatch = 16;

    /// <summary>
    /// The sampler to use for <paramref name="requested"/>: the cached state reads only the positions the masks' design
    /// opens, so a model whose mask buffers open more (a changed checkpoint) samples with the naive state; the warning
    /// says so (null otherwise).
    /// </summary>
    public static SamplerKind Choose(PixelCnnModel model, SamplerKind requested, out string? warning)
    {
        warning = null;
        if (requested == SamplerKind.Cached && !model.Network.MasksWithinDesign)
        {
            warning =
                $"A mask of {model} opens positions its design keeps closed, so the exact sampler (which reads only "
                + "the design's positions) would not compute what the network computes: using the naive sampler.";
            return SamplerKind.Naive;
        }

        return requested;
    }

    /// <summary>
    /// Samples <paramref name="count"/> images as <paramref name="options"/> say, yielding each batch's images as it
    /// completes; <paramref name="labels"/> (one per image) for a conditional model. <paramref name="progress"/> hears
    /// (pixels drawn, pixels in all); <paramref name="cancel"/> is checked before every pixel: a cancelled run throws
    /// OperationCanceledException after the images of the last whole batch.
    /// </summary>
    public static IEnumerable<PixelCnnImage> Sample(
        PixelCnnModel model,
        int count,
        IReadOnlyList<int>? labels,
        SamplingOptions options,
        CancellationToken cancel = default,
        Action<long, long>? progress = null
    )
    {
        var requests = new SampleRequest[count];
        for (int i = 0; i < count; i++)
        {
            requests[i] = new SampleRequest(i, labels?[i], null, null);
        }

        return Run(model, requests, options, cancel, progress);
    }

    /// <summary>
    /// Draws the images <paramref name="requests"/> ask for, in batches, yielding each batch's images as it completes:
    /// a request with known pixels keeps them (its draws are made and discarded there, so its other pixels are what
    /// the naive sampler draws with the same seed) and its log-likelihood sums only the pixels drawn.
    /// </summary>
    public static IEnumerable<PixelCnnImage> Run(
        PixelCnnModel model,
        IReadOnlyList<SampleRequest> requests,
        SamplingOptions options,
        CancellationToken cancel = default,
        Action<long, long>? progress = null
    )
    {
        if (options.Guidance is Guidance guidance && guidance.Conditional != model)
        {
            throw new ArgumentException($"The guidance was made for {guidance.Conditional}, not {model}.");
        }

        int batchSize = options.BatchSize;
        ImageShape shape = model.Shape;
        IReadOnlyList<string>? names =
            model.Conditional && !ModelClasses.AreIndexNames(model.ClassNames) ? model.ClassNames : null;
        long total = (long)requests.Count * shape.Pixels;
        for (int start = 0; start < requests.Count; start += batchSize)
        {
            int size = Math.Min(batchSize, requests.Count - start);
            int first = start;
            var batchRequests = new SampleRequest[size];
            for (int i = 0; i < size; i++)
            {
                batchRequests[i] = requests[start + i];
            }

            SampledBatch batch = SampleBatch(model, batchRequests, options, cancel, done =>
                progress?.Invoke(((long)first * shape.Pixels) + (done * size), total)
            );

            for (int i = 0; i < size; i++)
            {
                SampleRequest request = batchRequests[i];
                yield return new PixelCnnImage(
                    request.Index,
                    batch.Pixels.AsSpan(i * shape.Pixels, shape.Pixels).ToArray(),
                    shape.Height,
                    shape.Width
                )
                {
                    Source = request.Original is null ? "Sample" : "Completion",
                    Seed = options.Seed,
                    Label = request.Label,
                    ClassName = request.Label is int label ? names?[label] : null,
                    LogLikelihood = batch.LogLikelihoods[i],
                    Completes = request.Original?.Index,
                    Known = request.Known,
                };
            }
        }
    }

    /// <summary>
    /// The logits a state computes for given images (teacher forcing): [B, 256, pixels] as float64 on the CPU. For
    /// checking a sampler state against the network.
    /// </summary>
    public static Tensor TeacherForcedLogits(PixelCnnModel model, SamplerKind kind, Tensor images, Tensor? labels)
    {
        int size = (int)images.shape[0];
        ImageShape shape = model.Shape;
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Tensor given = images.reshape(size, shape.Pixels).to(ScalarType.Int64, model.TorchDevice);
        Tensor? classes = labels?.to(ScalarType.Int64, model.TorchDevice);
        using SamplerState state = CreateState(model, kind, size, classes);
        var logits = new Tensor[shape.Pixels];
        for (int p = 0; p < shape.Pixels; p++)
        {
            if (p % shape.Width == 0)
            {
                state.BeginRow(p / shape.Width);
            }

            logits[p] = state.Logits(p).to(ScalarType.Float64);
            state.Accept(p, given[.., p]);
        }

        return torch.stack(logits, 2).cpu().MoveToOuterDisposeScope();
    }

    /// <summary>The state of <paramref name="kind"/> for the model's network (evaluation mode assumed).</summary>
    private static SamplerState CreateState(PixelCnnModel model, SamplerKind kind, int size, Tensor? labels) =>
        kind == SamplerKind.Naive
            ? new NaiveState(model.Network, size, labels, model.TorchDevice)
            : model.Network.CreateCachedState(size, labels);

    private static SampledBatch SampleBatch(
        PixelCnnModel model,
        IReadOnlyList<SampleRequest> requests,
        SamplingOptions options,
        CancellationToken cancel,
        Action<long> progress
    )
    {
        (SamplerKind kind, Guidance? guidance) = (options.Kind, options.Guidance);
        int size = requests.Count;
        bool wasTraining = model.Network.training;
        bool guideWasTraining = guidance?.Unconditional?.Network.training ?? false;
        model.Network.eval();
        guidance?.Unconditional?.Network.eval();
        using ThreadSetting threads = ThreadSetting.Apply(size <= SingleThreadBatch ? 1 : null);
        try
        {
            using var noGrad = torch.no_grad();
            using var scope = torch.NewDisposeScope();
            Tensor? classes = model.LabelTensor(requests.Select(r => r.Label).ToArray());
            using SamplerState state = CreateState(model, kind, size, classes);
            using SamplerState? unconditional = guidance switch
            {
                null => null,
                { Unconditional: PixelCnnModel other } => CreateState(other, Choose(other, kind, out _), size, null),
                _ => CreateState(model, kind, size, NoLabels(size, model.TorchDevice)),
            };
            return Draw(model, requests, options, state, unconditional, cancel, progress);
        }
        finally
        {
            model.Network.train(wasTraining);
            guidance?.Unconditional?.Network.train(guideWasTraining);
        }
    }

    /// <summary>
    /// Draws every pixel of a batch in raster order from <paramref name="state"/> (guided by
    /// <paramref name="unconditional"/> when there is one), keeping the requests' known pixels; checks
    /// <paramref name="cancel"/> before every pixel.
    /// </summary>
    [InCallersDisposeScope]
    private static SampledBatch Draw(
        PixelCnnModel model,
        IReadOnlyList<SampleRequest> requests,
        SamplingOptions options,
        SamplerState state,
        SamplerState? unconditional,
        CancellationToken cancel,
        Action<long> progress
    )
    {
        int size = requests.Count;
        ImageShape shape = model.Shape;
        Tensor uniforms = SampleUniforms
            .Draw(options.Seed, requests.Select(r => r.Index).ToArray(), shape.Pixels)
            .to(model.TorchDevice);
        (Tensor KnownValues, Tensor Drawn)? known = SampledBatch.KnownPixels(requests, shape.Pixels, model.TorchDevice);
        using Scalar weight = options.Guidance?.Weight ?? 0.0;
        Tensor values = torch.zeros(new long[] { size, shape.Pixels }, ScalarType.Int64, model.TorchDevice);
        Tensor logLikelihood = torch.zeros(new long[] { size }, ScalarType.Float64, model.TorchDevice);
        for (int p = 0; p < shape.Pixels; p++)
        {
            cancel.ThrowIfCancellationRequested();
            if (p % shape.Width == 0)
            {
                state.BeginRow(p / shape.Width);
                unconditional?.BeginRow(p / shape.Width);
            }

            using var step = torch.NewDisposeScope();
            Tensor logits = state.Logits(p).to(ScalarType.Float64);
            // Guided: c + w (c - u).
            Tensor drawFrom = unconditional is null
                ? logits
                : logits.add(logits.sub(unconditional.Logits(p).to(ScalarType.Float64)), weight);
            Tensor value = PixelDraw.InverseCdf(drawFrom, options.Temperature, uniforms[.., p]);
            if (known is var (knownValues, drawn))
            {
                value = torch.where(drawn[.., p], value, knownValues[.., p]);
            }

            Tensor logProbability = nn.functional.log_softmax(logits, 1).gather(1, value.unsqueeze(1)).squeeze(1);
            logLikelihood.PlusInPlace(
                known is var (_, isDrawn) ? logProbability.mul(isDrawn[.., p].to(ScalarType.Float64)) : logProbability
            );
            values[.., p] = value;
            state.Accept(p, value);
            unconditional?.Accept(p, value);
            progress(p + 1);
        }

        return SampledBatch.Download(values, logLikelihood, shape.Pixels);
    }

    /// <summary>
    /// A label tensor of <see cref="AutoregressiveNetwork.NoLabel"/> for every image (in the caller's scope).
    /// </summary>
    private static Tensor NoLabels(int size, Device device)
    {
        using Scalar noLabel = AutoregressiveNetwork.NoLabel;
        return torch.full(new long[] { size }, noLabel, ScalarType.Int64, device);
    }
}
