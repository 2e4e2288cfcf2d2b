using System;
using TorchSharp;
using static TorchSharp.torch;
using PixelCnn.Model;

namespace PixelCnn.Likelihood;

/// <summary>Negative log-likelihoods of images under a model, in evaluation mode, batched.</summary>
public static class LikelihoodEvaluator
{
    /// <summary>
    /// The negative log-likelihood of each image in nats (summed over its pixels), for uint8 images [N,1,H,W] and, for a
    /// conditional model, int64 labels [N].
    /// <paramref name="progress"/> gets the number of images done; <paramref name="stop"/> is checked between batches.
    /// </summary>
    public static double[] NegativeLogLikelihoods(PixelCnnModel model, Tensor images, Tensor? labels, int batchSize, Action<int>? progress = null, Func<bool>? stop = null)
    {
        long count = images.shape[0];
        var result = new double[count];
        bool wasTraining = model.Network.training;
        model.Network.eval();
        try
        {
            using var noGrad = torch.no_grad();
            for (long start = 0; start < count; start += batchSize)
            {
                if (stop?.Invoke() == true)
                {
                    throw new OperationCanceledException();
                }

                using var scope = torch.NewDisposeScope();
                long end = Math.Min(count, start + batchSize);
                Tensor batch = images.slice(0, start, end, 1);
                Tensor logits = model.Logits(batch, labels?.slice(0, start, end, 1));
                Tensor target = batch.to(ScalarType.Int64, model.TorchDevice);
                Tensor nll = nn.functional.cross_entropy(logits, target, reduction: nn.Reduction.None);
                Tensor perImage = nll.sum(new long[] { 1, 2, 3 }).to(ScalarType.Float64).cpu();
                double[] values = perImage.data<double>().ToArray();
                Array.Copy(values, 0, result, start, values.Length);
                progress?.Invoke((int)end);
            }
        }
        finally
        {
            model.Network.train(wasTraining);
        }

        return result;
    }
}
