using System.Threading;
using PixelCnn.Devices;
using PixelCnn.Model;

namespace PixelCnn.Likelihood;

/// <summary>Negative log-likelihoods of images under a model, in evaluation mode, batched.</summary>
public static class LikelihoodEvaluator
{
    /// <summary>
    /// The negative log-likelihood of each image in nats (summed over its pixels), for uint8 images [N,1,H,W] and, for
    /// a conditional model, int64 labels [N], on any device: they move to the model's device once. The per-image sums
    /// stay on the device and come to the host once, at the end (<see cref="HostTransfer.Likelihoods"/>).
    /// <paramref name="progress"/> gets the number of images done; <paramref name="cancel"/> is checked between batches
    /// (OperationCanceledException).
    /// </summary>
    public static double[] NegativeLogLikelihoods(
        PixelCnnModel model,
        Tensor images,
        Tensor? labels,
        int batchSize,
        Action<int>? progress = null,
        CancellationToken cancel = default
    )
    {
        long count = images.shape[0];
        model.CheckImageSize(images.shape[2], images.shape[3], images);
        bool wasTraining = model.Network.training;
        model.Network.eval();
        try
        {
            using var noGrad = torch.no_grad();
            using DeviceResident onDevice = DeviceResident.On(images, model.TorchDevice);
            using DeviceResident? labelsOnDevice = labels is null ? null : DeviceResident.On(labels, model.TorchDevice);
            using Tensor sums = torch.zeros(new long[] { count }, ScalarType.Float64, model.TorchDevice);
            for (long start = 0; start < count; start += batchSize)
            {
                cancel.ThrowIfCancellationRequested();

                using var scope = torch.NewDisposeScope();
                long end = Math.Min(count, start + batchSize);
                sums.slice(0, start, end, 1)
                    .copy_(
                        BatchSums(
                            model,
                            onDevice.Tensor.slice(0, start, end, 1),
                            labelsOnDevice?.Tensor.slice(0, start, end, 1)
                        )
                    );
                progress?.Invoke((int)end);
            }

            return HostTransfer.Download<double>(sums, HostTransfer.Likelihoods);
        }
        finally
        {
            model.Network.train(wasTraining);
        }
    }

    /// <summary>
    /// The negative log-likelihood of each image of a batch on the model's device: float64 [B], in nats.
    /// </summary>
    public static Tensor BatchSums(PixelCnnModel model, Tensor images, Tensor? labels)
    {
        using var scope = torch.NewDisposeScope();
        Tensor logits = model.Logits(images, labels);
        Tensor target = images.to(ScalarType.Int64, model.TorchDevice);
        Tensor nll = PixelLoss.PerPixel(logits, target);
        return nll.sum(new long[] { 1, 2, 3 }).to(ScalarType.Float64).MoveToOuterDisposeScope();
    }
}
