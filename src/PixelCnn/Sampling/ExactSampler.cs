using System;
using System.Collections.Generic;
using PixelCnn.Imaging;
using PixelCnn.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace PixelCnn.Sampling;

/// <summary>
/// Exact fast sampling (after Ramachandran et al. 2017, "Fast Generation for Convolutional Autoregressive Models"):
/// a raster-order pass that computes each layer only where it is new and caches what later pixels read again, so a
/// batch costs about one forward pass instead of 784. Each architecture has its own pass (<see cref="CachedSampler"/>,
/// <see cref="GatedCachedSampler"/>); this class holds the batching, the draws and the teacher-forcing check they share.
/// Draws use the same uniforms and inverse CDF as <see cref="NaiveSampler"/>, so both give the same images.
/// </summary>
internal abstract class ExactSampler : IDisposable
{
    /// <summary>Image height.</summary>
    protected const int Height = 28;

    /// <summary>Image width.</summary>
    protected const int Width = 28;

    /// <summary>Pixels per image.</summary>
    protected const int Pixels = Height * Width;

    /// <summary>Creates the sampler for the model.</summary>
    protected ExactSampler(PixelCnnModel model) => this.Model = model;

    /// <summary>The model sampled.</summary>
    protected PixelCnnModel Model { get; }

    /// <summary>The exact fast sampler of the model's architecture.</summary>
    public static ExactSampler For(PixelCnnModel model) =>
        model.Network.Architecture == PixelCnnArchitecture.Gated ? new GatedCachedSampler(model) : new CachedSampler(model);

    /// <summary>
    /// Samples <paramref name="count"/> images in batches, yielding each batch's images as it completes;
    /// <paramref name="labels"/> (one per image) for a conditional model.
    /// </summary>
    public static IEnumerable<PixelCnnImage> Sample(PixelCnnModel model, int count, int batchSize, long seed, double temperature, IReadOnlyList<int>? labels, Func<bool> stop, Action<long, long> progress)
    {
        using ExactSampler sampler = For(model);
        using Tensor uniforms = SampleUniforms.Draw(seed, count, Pixels);
        long total = (long)count * Pixels;
        for (int start = 0; start < count; start += batchSize)
        {
            int size = Math.Min(batchSize, count - start);
            int first = start;
            (byte[] Images, double[] LogLikelihoods)? batch;
            using (Tensor slice = uniforms.slice(0, start, start + size, 1))
            using (Tensor? batchLabels = SampleLabels.Slice(model, labels, start, size))
            {
                batch = sampler.Run(size, slice, temperature, null, batchLabels, stop, done => progress(((long)first * Pixels) + (done * size), total), null);
            }

            if (batch is null)
            {
                yield break;
            }

            for (int i = 0; i < size; i++)
            {
                yield return new PixelCnnImage(start + i, batch.Value.Images.AsSpan(i * Pixels, Pixels).ToArray(), Height, Width)
                {
                    Source = "Sample",
                    Seed = seed,
                    Label = labels?[start + i],
                    LogLikelihood = batch.Value.LogLikelihoods[i],
                };
            }
        }
    }

    /// <summary>
    /// The logits the cached computation gives for given images (teacher forcing): [B, 256, 784] as float64 on the CPU.
    /// For checking the sampler against the network.
    /// </summary>
    public Tensor LogitsFor(Tensor images, Tensor? labels = null)
    {
        int size = (int)images.shape[0];
        using Tensor pixels = images.reshape(size, Pixels).to(ScalarType.Int64, this.Model.TorchDevice);
        using Tensor? classes = labels?.to(ScalarType.Int64, this.Model.TorchDevice);
        var logits = new List<Tensor>(Pixels);
        try
        {
            this.Run(size, null, 1.0, pixels, classes, () => false, _ => { }, logits);
            return torch.stack(logits, 2).cpu();
        }
        finally
        {
            logits.ForEach(l => l.Dispose());
        }
    }

    /// <inheritdoc/>
    public abstract void Dispose();

    /// <summary>
    /// Runs the raster-order pass for a batch. With <paramref name="given"/> (int64 [B,784]) the pixels are taken from
    /// it; otherwise they are drawn from <paramref name="uniforms"/> ([B,784] float64). Returns null when stopped.
    /// </summary>
    protected abstract (byte[] Images, double[] LogLikelihoods)? Run(int size, Tensor? uniforms, double temperature, Tensor? given, Tensor? labels, Func<bool> stop, Action<long> progress, List<Tensor>? logitsOut);

    /// <summary>
    /// Takes pixel <paramref name="p"/>'s value given its logits [B,256] (float64): from <paramref name="given"/> when
    /// teacher forcing (recording the logits), else drawn by inverse CDF. Records it and its log-likelihood.
    /// </summary>
    protected static Tensor TakeValue(Tensor logits, int p, double temperature, Tensor? uniforms, Tensor? given, Tensor values, Tensor logLikelihood, List<Tensor>? logitsOut)
    {
        Tensor value;
        if (given is not null)
        {
            value = given[.., p];
            logitsOut?.Add(logits.detach().MoveToOuterDisposeScope().MoveToOuterDisposeScope());
        }
        else
        {
            value = PixelDraw.InverseCdf(logits, temperature, uniforms![.., p]);
        }

        values[.., p] = value;
        logLikelihood.add_(nn.functional.log_softmax(logits, 1).gather(1, value.unsqueeze(1)).squeeze(1));
        return value;
    }
}
