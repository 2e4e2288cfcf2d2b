using System;
using System.Collections.Generic;
using PixelCnn.Imaging;
using PixelCnn.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace PixelCnn.Likelihood;

/// <summary>Per-pixel predicted distributions of an image: one forward pass in evaluation mode, 784 records.</summary>
public static class PixelDistributionCalculator
{
    /// <summary>The distribution of every pixel of <paramref name="image"/>, in raster order.</summary>
    public static IReadOnlyList<PixelCnnPixelDistribution> Compute(PixelCnnModel model, PixelCnnImage image)
    {
        double[] logProbabilities;
        bool wasTraining = model.Network.training;
        model.Network.eval();
        try
        {
            using var noGrad = torch.no_grad();
            using var scope = torch.NewDisposeScope();
            Tensor input = torch.tensor(image.Pixels, new long[] { 1, 1, image.Height, image.Width }, ScalarType.Byte);
            Tensor? labels = model.LabelTensor(new[] { image.Label }, image);
            Tensor logits = model.Logits(input, labels);                          // [1,256,1,H,W]
            Tensor logProbs = nn.functional.log_softmax(logits.to(ScalarType.Float64), 1)  // in double: sums to 1
                .reshape(256, -1).t().contiguous().cpu();                                  // [H*W, 256]
            logProbabilities = logProbs.data<double>().ToArray();
        }
        finally
        {
            model.Network.train(wasTraining);
        }

        int pixels = image.Height * image.Width;
        var records = new PixelCnnPixelDistribution[pixels];
        for (int p = 0; p < pixels; p++)
        {
            var row = new float[256];
            double entropy = 0, expected = 0, best = -1;
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
