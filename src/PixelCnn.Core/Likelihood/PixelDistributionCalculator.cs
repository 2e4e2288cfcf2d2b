using PixelCnn.Devices;
using PixelCnn.Imaging;
using PixelCnn.Model;

namespace PixelCnn.Likelihood;

/// <summary>
/// Per-pixel predicted distributions of images: one forward pass per batch in evaluation mode, on the model's device;
/// the batch's log-probabilities come to the host once (<see cref="HostTransfer.Distributions"/>), one record per
/// pixel.
/// </summary>
public static class PixelDistributionCalculator
{
    /// <summary>
    /// The distribution of every pixel of each image (images of one size), in raster order, one list per image.
    /// </summary>
    public static IReadOnlyList<PixelCnnPixelDistribution>[] Compute(
        PixelCnnModel model,
        IReadOnlyList<PixelCnnImage> images
    )
    {
        PixelCnnImage first = images[0];
        if (images.Any(i => i.Height != first.Height || i.Width != first.Width))
        {
            throw new ArgumentException(
                "The images of one distribution batch must have the same size.",
                nameof(images)
            );
        }

        model.CheckImageSize(first.Height, first.Width, first);
        int pixels = first.Height * first.Width;
        double[] logProbabilities;
        using (var scope = torch.NewDisposeScope())
        {
            Tensor input = torch.tensor(
                images.SelectMany(i => i.Pixels).ToArray(),
                new long[] { images.Count, 1, first.Height, first.Width },
                ScalarType.Byte,
                model.TorchDevice
            );
            Tensor? labels = model.LabelTensor(images.Select(i => i.Label).ToArray(), first);
            logProbabilities = HostTransfer.Download<double>(
                LogProbabilities(model, input, labels),
                HostTransfer.Distributions
            );
        }

        var result = new IReadOnlyList<PixelCnnPixelDistribution>[images.Count];
        for (int i = 0; i < images.Count; i++)
        {
            result[i] = Records(images[i], logProbabilities.AsSpan(i * pixels * 256, pixels * 256));
        }

        return result;
    }

    /// <summary>
    /// Log-probabilities of every value at every pixel for uint8 images [B,1,H,W] on the model's device: float64
    /// [B, H*W, 256] on the device (in double, so each pixel's probabilities sum to 1 to double precision).
    /// </summary>
    public static Tensor LogProbabilities(PixelCnnModel model, Tensor images, Tensor? labels)
    {
        bool wasTraining = model.Network.training;
        model.Network.eval();
        try
        {
            using var noGrad = torch.no_grad();
            using var scope = torch.NewDisposeScope();
            Tensor logits = model.Logits(images, labels); // [B,256,1,H,W]
            return nn
                .functional.log_softmax(logits.to(ScalarType.Float64), 1)
                .reshape(images.shape[0], 256, -1)
                .transpose(1, 2)
                .contiguous() // [B, H*W, 256]
                .MoveToOuterDisposeScope();
        }
        finally
        {
            model.Network.train(wasTraining);
        }
    }

    private static PixelCnnPixelDistribution[] Records(PixelCnnImage image, ReadOnlySpan<double> logProbabilities)
    {
        int pixels = image.Height * image.Width;
        var records = new PixelCnnPixelDistribution[pixels];
        for (int p = 0; p < pixels; p++)
        {
            var row = new float[256];
            double entropy = 0,
                expected = 0,
                best = -1;
            int mostLikely = 0;
            for (int v = 0; v < 256; v++)
            {
                double logQ = logProbabilities[(p * 256) + v];
                double q = Math.Exp(logQ);
                row[v] = (float)q;
                entropy -= q * logQ / Math.Log(2);

                expected += q * v;
                if (q > best)
                {
                    best = q;
                    mostLikely = v;
                }
            }

            int value = image.Pixels[p];
            double logProbability = logProbabilities[(p * 256) + value];
            records[p] = new PixelCnnPixelDistribution
            {
                ImageIndex = image.Index,
                Row = p / image.Width,
                Column = p % image.Width,
                Value = value,
                Probability = Math.Exp(logProbability),
                NegativeLogLikelihood = -logProbability,
                Entropy = entropy,
                MostLikely = mostLikely,
                Expected = expected,
                Probabilities = row,
            };
        }

        return records;
    }
}
