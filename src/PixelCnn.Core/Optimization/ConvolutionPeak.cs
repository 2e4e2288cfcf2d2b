using System.Diagnostics;
using PixelCnn.Networks;

namespace PixelCnn.Optimization;

/// <summary>
/// The rate this machine's libtorch (the module's own) computes one convolution at: a 2-D convolution forward pass of
/// a given shape on random data, timed after warm-up runs; the median of the timed runs, in GFLOP/s (a multiply-add is
/// two operations). The benchmark's yardstick: a network's training and sampling rates as a share of what its own
/// convolution shapes reach here. Measured as training runs: with <see cref="AllocatorTuning"/>, so the output's tens
/// of megabytes come from the heap rather than from fresh pages every run.
/// </summary>
public static class ConvolutionPeak
{
    /// <summary>
    /// GFLOP/s of conv2d of <paramref name="inChannels"/> to <paramref name="outChannels"/> channels with a
    /// <paramref name="kernelHeight"/> x <paramref name="kernelWidth"/> kernel ("same" padding) on
    /// <paramref name="batch"/> images of <paramref name="height"/> x <paramref name="width"/>, in
    /// <paramref name="type"/> (Float32 or BFloat16), on the CPU, in the memory layout the layers of a network with
    /// BatchNorm or without (<paramref name="batchNormalized"/>) compute that type in (<see cref="MemoryLayout"/>).
    /// </summary>
    public static double Measure(
        long inChannels,
        long outChannels,
        long kernelHeight,
        long kernelWidth,
        long batch,
        long height,
        long width,
        ScalarType type,
        int repetitions = 20,
        int warmUp = 3,
        bool batchNormalized = false
    )
    {
        using var noGrad = torch.no_grad();
        using AllocatorTuning allocator = AllocatorTuning.ForTraining();
        using var scope = torch.NewDisposeScope();
        using var generator = new torch.Generator(1);
        Tensor input = MemoryLayout.ForCompute(
            torch.randn(new[] { batch, inChannels, height, width }, generator: generator).to(type),
            batchNormalized
        );
        Tensor weight = torch
            .randn(new[] { outChannels, inChannels, kernelHeight, kernelWidth }, generator: generator)
            .to(type);
        long[] padding = { kernelHeight / 2, kernelWidth / 2 };
        var seconds = new List<double>(repetitions);
        for (int i = 0; i < warmUp + repetitions; i++)
        {
            using var step = torch.NewDisposeScope();
            long started = Stopwatch.GetTimestamp();
            Tensor output = nn.functional.conv2d(input, weight, padding: padding);
            if (i >= warmUp)
            {
                seconds.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
            }

            output.Dispose();
        }

        seconds.Sort();
        double median = seconds[seconds.Count / 2];
        double flops = 2.0 * batch * height * width * outChannels * inChannels * kernelHeight * kernelWidth;
        return flops / median / 1e9;
    }
}
