using System;
using System.Collections.Generic;
using PixelCnn.Imaging;
using PixelCnn.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace PixelCnn.Sampling;

/// <summary>
/// Samples images pixel by pixel in raster order, running the whole network for every pixel (the tutorial's
/// way). Draws are by inverse CDF from uniforms drawn up front for every image of the run from the seed, so the
/// same seed gives the same images whatever the batch size, and any exact sampler can reproduce them.
/// </summary>
public static class NaiveSampler
{
    /// <summary>Samples <paramref name="count"/> images in batches; yields each batch's images as it completes.</summary>
    /// <param name="model">The model (evaluation mode is used).</param>
    /// <param name="count">Images to draw.</param>
    /// <param name="batchSize">Images sampled at once (bounds memory).</param>
    /// <param name="seed">Seed of the run.</param>
    /// <param name="temperature">Logits are divided by this before sampling (1 = the model's distribution).</param>
    /// <param name="labels">One label per image for a conditional model (see <see cref="SampleLabels.Expand"/>), else null.</param>
    /// <param name="stop">Checked between pixels; sampling ends when it returns true.</param>
    /// <param name="progress">Gets the number of pixels done over the whole run.</param>
    public static IEnumerable<PixelCnnImage> Sample(PixelCnnModel model, int count, int batchSize, long seed, double temperature, IReadOnlyList<int>? labels, Func<bool> stop, Action<long, long> progress)
    {
        const int height = 28, width = 28, pixels = height * width;
        Tensor uniforms = SampleUniforms.Draw(seed, count, pixels);
        try
        {
            long total = (long)count * pixels;
            for (int start = 0; start < count; start += batchSize)
            {
                int size = Math.Min(batchSize, count - start);
                (byte[] images, double[] logLikelihoods)? batch;
                using (Tensor? batchLabels = SampleLabels.Slice(model, labels, start, size))
                {
                    batch = SampleBatch(model, uniforms.slice(0, start, start + size, 1), batchLabels, size, temperature, stop,
                        done => progress(((long)start * pixels) + (done * size), total));
                }

                if (batch is null)
                {
                    yield break;
                }

                for (int i = 0; i < size; i++)
                {
                    byte[] pixelsOfImage = batch.Value.images.AsSpan(i * pixels, pixels).ToArray();
                    yield return new PixelCnnImage(start + i, pixelsOfImage, height, width)
                    {
                        Source = "Sample",
                        Seed = seed,
                        Label = labels?[start + i],
                        LogLikelihood = batch.Value.logLikelihoods[i],
                    };
                }
            }
        }
        finally
        {
            uniforms.Dispose();
        }
    }

    private static (byte[], double[])? SampleBatch(PixelCnnModel model, Tensor uniforms, Tensor? labels, int size, double temperature, Func<bool> stop, Action<long> progress)
    {
        const int height = 28, width = 28;
        bool wasTraining = model.Network.training;
        model.Network.eval();
        try
        {
            using var noGrad = torch.no_grad();
            using var scope = torch.NewDisposeScope();
            Tensor images = torch.zeros(new long[] { size, 1, height, width }, ScalarType.Byte, model.TorchDevice);
            Tensor logLikelihood = torch.zeros(new long[] { size }, ScalarType.Float64, model.TorchDevice);
            Tensor u = uniforms.to(model.TorchDevice);
            for (int r = 0; r < height; r++)
            {
                for (int c = 0; c < width; c++)
                {
                    if (stop())
                    {
                        return null;
                    }

                    using var pixelScope = torch.NewDisposeScope();
                    Tensor logits = model.Logits(images, labels)[.., .., 0, r, c].to(ScalarType.Float64);   // [size, 256]
                    Tensor value = PixelDraw.InverseCdf(logits, temperature, u[.., (r * width) + c]);
                    images[.., 0, r, c] = value.to(ScalarType.Byte);
                    logLikelihood.add_(nn.functional.log_softmax(logits, 1).gather(1, value.unsqueeze(1)).squeeze(1));
                    progress((r * width) + c + 1);
                }
            }

            return (images.cpu().data<byte>().ToArray(), logLikelihood.cpu().data<double>().ToArray());
        }
        finally
        {
            model.Network.train(wasTraining);
        }
    }
}
