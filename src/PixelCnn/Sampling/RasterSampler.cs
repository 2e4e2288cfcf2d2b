using System;
using System.Collections.Generic;
using PixelCnn.Imaging;
using PixelCnn.Model;
using PixelCnn.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace PixelCnn.Sampling;

/// <summary>
/// The one sampling loop: batches, raster order, draws, log-likelihoods, stopping and progress, over an
/// <see cref="IncrementalState"/>: the network's own exact state (<see cref="SamplerKind.Cached"/>) or
/// <see cref="FullForwardState"/> (<see cref="SamplerKind.Naive"/>). Each batch runs inside its own dispose scope
/// that ends before its images are yielded, so whatever the pipeline does with an image (even create or train another
/// model) happens with no scope of the sampler current. The batch's pixels and log-likelihoods come to the host in one
/// place, <see cref="Download"/>, after its last pixel.
/// </summary>
public static class RasterSampler
{
    /// <summary>Batches at most this large compute with one libtorch thread: per-pixel work is too small to share.</summary>
    public const int SingleThreadBatch = 16;

    /// <summary>
    /// Samples <paramref name="count"/> images in batches of <paramref name="batchSize"/>, yielding each batch's images as
    /// it completes; <paramref name="labels"/> (one per image) for a conditional model.
    /// </summary>
    public static IEnumerable<PixelCnnImage> Sample(PixelCnnModel model, SamplerKind kind, int count, int batchSize, long seed, double temperature, IReadOnlyList<int>? labels, Func<bool> stop, Action<long, long> progress)
    {
        long total = (long)count * ImageShape.Pixels;
        for (int start = 0; start < count; start += batchSize)
        {
            int size = Math.Min(batchSize, count - start);
            int first = start;
            BatchResult? batch = SampleBatch(model, kind, first, size, seed, temperature, labels, stop, done => progress(((long)first * ImageShape.Pixels) + (done * size), total));
            if (batch is null)
            {
                yield break;
            }

            for (int i = 0; i < size; i++)
            {
                yield return new PixelCnnImage(start + i, batch.Pixels.AsSpan(i * ImageShape.Pixels, ImageShape.Pixels).ToArray(), ImageShape.Height, ImageShape.Width)
                {
                    Source = "Sample",
                    Seed = seed,
                    Label = labels?[start + i],
                    LogLikelihood = batch.LogLikelihoods[i],
                };
            }
        }
    }

    /// <summary>
    /// The logits a state computes for given images (teacher forcing): [B, 256, 784] as float64 on the CPU. For
    /// checking an incremental state against the network.
    /// </summary>
    public static Tensor TeacherForcedLogits(PixelCnnModel model, SamplerKind kind, Tensor images, Tensor? labels)
    {
        int size = (int)images.shape[0];
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Tensor given = images.reshape(size, ImageShape.Pixels).to(ScalarType.Int64, model.TorchDevice);
        Tensor? classes = labels?.to(ScalarType.Int64, model.TorchDevice);
        using IncrementalState state = CreateState(model, kind, size, classes);
        var logits = new Tensor[ImageShape.Pixels];
        for (int p = 0; p < ImageShape.Pixels; p++)
        {
            if (p % ImageShape.Width == 0)
            {
                state.BeginRow(p / ImageShape.Width);
            }

            logits[p] = state.Logits(p).to(ScalarType.Float64);
            state.Accept(p, given[.., p]);
        }

        return torch.stack(logits, 2).cpu().MoveToOuterDisposeScope();
    }

    /// <summary>The state of <paramref name="kind"/> for the model's network (evaluation mode assumed).</summary>
    private static IncrementalState CreateState(PixelCnnModel model, SamplerKind kind, int size, Tensor? labels) => kind == SamplerKind.Naive
        ? new FullForwardState(model.Network, size, labels, model.TorchDevice)
        : model.Network.CreateIncrementalState(size, labels);

    private static BatchResult? SampleBatch(PixelCnnModel model, SamplerKind kind, int start, int size, long seed, double temperature, IReadOnlyList<int>? labels, Func<bool> stop, Action<long> progress)
    {
        bool wasTraining = model.Network.training;
        model.Network.eval();
        using ThreadSetting threads = ThreadSetting.Apply(size <= SingleThreadBatch ? 1 : null);
        try
        {
            using var noGrad = torch.no_grad();
            using var scope = torch.NewDisposeScope();
            Tensor uniforms = SampleUniforms.Draw(seed, start, size, ImageShape.Pixels).to(model.TorchDevice);
            Tensor? classes = SampleLabels.Slice(model, labels, start, size);
            using IncrementalState state = CreateState(model, kind, size, classes);
            Tensor values = torch.zeros(new long[] { size, ImageShape.Pixels }, ScalarType.Int64, model.TorchDevice);
            Tensor logLikelihood = torch.zeros(new long[] { size }, ScalarType.Float64, model.TorchDevice);
            for (int p = 0; p < ImageShape.Pixels; p++)
            {
                if (stop())
                {
                    return null;
                }

                if (p % ImageShape.Width == 0)
                {
                    state.BeginRow(p / ImageShape.Width);
                }

                using var step = torch.NewDisposeScope();
                Tensor logits = state.Logits(p).to(ScalarType.Float64);
                Tensor value = PixelDraw.InverseCdf(logits, temperature, uniforms[.., p]);
                logLikelihood.add_(nn.functional.log_softmax(logits, 1).gather(1, value.unsqueeze(1)).squeeze(1));
                values[.., p] = value;
                state.Accept(p, value);
                progress(p + 1);
            }

            return Download(values, logLikelihood);
        }
        finally
        {
            model.Network.train(wasTraining);
        }
    }

    /// <summary>The one host crossing of a batch: its pixels and log-likelihoods, after the last pixel.</summary>
    private static BatchResult Download(Tensor values, Tensor logLikelihood) =>
        new(values.to(ScalarType.Byte).cpu().data<byte>().ToArray(), logLikelihood.cpu().data<double>().ToArray());

    private sealed record BatchResult(byte[] Pixels, double[] LogLikelihoods);
}
