using System.Text.RegularExpressions;

namespace PixelCnn.Tests;

/// <summary>
/// Where results come to the host, with the real networks on the test device: only through <see cref="HostTransfer"/>,
/// and as often as its documentation says (per batch, per run), never per pixel.
/// </summary>
public sealed class HostCrossingTests
{
    /// <summary>
    /// The once-per-process convolution check (OneDnnPaddingDefect) crosses to the host when the process first
    /// convolves: done here, so the crossings recorded below are the tests' own whichever test runs first.
    /// </summary>
    public HostCrossingTests() => _ = OneDnnPaddingDefect.Present;

    /// <summary>Files that read tensors on the host directly, and why that is not per batch or per pixel.</summary>
    private static readonly string[] AllowedHostReads =
    {
        "Devices/HostTransfer.cs", // the door itself
        "Checkpoints/SafeTensorsWriter.cs", // saving: each tensor once per file written
        "Sampling/RasterSampler.cs", // TeacherForcedLogits: the test API's result (Download goes through HostTransfer)
    };

    [Fact]
    public void OnlyHostTransferAndTheListedFilesReadTensorsOnTheHost()
    {
        var reads = new Regex(@"\.cpu\(\)|\.item<|\.data<");
        var offenders = new[] { TestPaths.CoreSource, TestPaths.CmdletSource }
            .SelectMany(source =>
                Directory
                    .EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
                    .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
                    .Select(f =>
                        (Full: f, Relative: Path.GetRelativePath(source, f).Replace(Path.DirectorySeparatorChar, '/'))
                    )
            )
            .Where(f => !AllowedHostReads.Contains(f.Relative))
            .SelectMany(f => File.ReadLines(f.Full).Select((line, i) => (f: f.Relative, i, line)))
            .Where(x => reads.IsMatch(x.line) && !x.line.TrimStart().StartsWith("///"))
            .Select(x => $"{x.f}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        Assert.True(offenders.Count == 0, "host reads outside HostTransfer:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void TrainingCrossesOncePerBatchAndOncePerValidation()
    {
        using PixelCnnModel model = TestModels.Create(PixelCnnArchitecture.Gated, 4, true, 1);
        ImageDataset train = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Train, 10);
        ImageDataset validation = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Test, 6);
        using HostTransfer.Recording recording = HostTransfer.Record();
        var records = new Trainer(
            model,
            new TrainingOptions
            {
                Epochs = 2,
                BatchSize = 4,
                Seed = 3,
                AverageDecay = 0.9,
            }
        ).Run(train, validation).ToList();
        Assert.Equal(2, records.Count);
        // Per epoch: 3 batches of the 10 images, then validation of the trained weights and of the average.
        string[] epoch =
        {
            HostTransfer.TrainingLoss,
            HostTransfer.TrainingLoss,
            HostTransfer.TrainingLoss,
            HostTransfer.Likelihoods,
            HostTransfer.Likelihoods,
        };
        Assert.Equal(epoch.Concat(epoch), recording.Crossings);
    }

    [Fact]
    public void ALikelihoodRunCrossesOnceWhateverItsBatches()
    {
        using PixelCnnModel model = TestModels.Create(PixelCnnArchitecture.PixelCnn, 4, false, 1);
        ImageDataset test = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Test, 5);
        using HostTransfer.Recording recording = HostTransfer.Record();
        double[] nll = LikelihoodEvaluator.NegativeLogLikelihoods(model, test.Images, null, batchSize: 2);
        Assert.Equal(5, nll.Length);
        Assert.Equal(new[] { HostTransfer.Likelihoods }, recording.Crossings);

        // Batching does not change the figures: the same sums with one batch of five, to float32's rounding (oneDNN may
        // pick another convolution algorithm for another batch size and sum in another order).
        double[] single = LikelihoodEvaluator.NegativeLogLikelihoods(model, test.Images, null, batchSize: 5);
        Assert.All(nll.Zip(single), p =>
            Assert.True(Math.Abs(p.First - p.Second) <= 1e-6 * Math.Abs(p.First), $"{p.First} against {p.Second}")
        );
    }

    [Fact]
    public void DistributionsCrossOncePerBatchAndMatchOneImageAtATime()
    {
        using PixelCnnModel model = TestModels.Create(PixelCnnArchitecture.Gated, 4, false, 2);
        PixelCnnImage[] images = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Test, 3).ToArray();
        using HostTransfer.Recording recording = HostTransfer.Record();
        var batched = PixelDistributionCalculator.Compute(model, images);
        Assert.Equal(new[] { HostTransfer.Distributions }, recording.Crossings);
        for (int i = 0; i < images.Length; i++)
        {
            var single = PixelDistributionCalculator.Compute(model, new[] { images[i] })[0];
            // oneDNN may pick another convolution algorithm for another batch size: float32 rounding, not a different
            // pixel.
            double difference = single
                .Zip(batched[i], (a, b) => System.Math.Abs(a.NegativeLogLikelihood - b.NegativeLogLikelihood))
                .Max();
            Assert.True(difference < 1e-5, $"image {i}: batched and single distributions differ by {difference} nats");
            Assert.Equal(
                single.Select(r => (r.Row, r.Column, r.Value)),
                batched[i].Select(r => (r.Row, r.Column, r.Value))
            );
        }
    }

    [Fact]
    public void SamplingAndCompletionCrossOncePerBatch()
    {
        using PixelCnnModel model = TestModels.Create(PixelCnnArchitecture.PixelCnn, 4, false, 3);
        using (HostTransfer.Recording recording = HostTransfer.Record())
        {
            Assert.Equal(
                5,
                RasterSampler
                    .Sample(
                        model,
                        5,
                        null,
                        new SamplingOptions
                        {
                            Kind = SamplerKind.Cached,
                            BatchSize = 2,
                            Seed = 1,
                            Temperature = 1.0,
                        }
                    )
                    .Count()
            );
            Assert.Equal(Enumerable.Repeat(HostTransfer.SampledBatch, 3), recording.Crossings);
        }

        PixelCnnImage original = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Test, 1)[0];
        bool[] known = Enumerable.Range(0, 784).Select(p => p < 392).ToArray();
        using (HostTransfer.Recording recording = HostTransfer.Record())
        {
            var completions = RasterSampler
                .Run(
                    model,
                    new[] { new SampleRequest(0, null, original, known) },
                    new SamplingOptions
                    {
                        Kind = SamplerKind.Cached,
                        BatchSize = 4,
                        Seed = 1,
                        Temperature = 1.0,
                    }
                )
                .ToList();
            Assert.Equal(original.Pixels.Take(392), completions[0].Pixels.Take(392));
            Assert.Equal(new[] { HostTransfer.SampledBatch }, recording.Crossings);
        }
    }
}
