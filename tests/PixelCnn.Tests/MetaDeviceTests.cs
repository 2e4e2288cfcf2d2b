namespace PixelCnn.Tests;

/// <summary>
/// Device hygiene without a GPU, on libtorch's <c>meta</c> device (shapes without data). What it can prove here:
/// a meta tensor cannot be read on the host, so code that runs on <c>meta</c> reads results only through
/// <see cref="HostTransfer"/> (which the recordings count); and element-wise operators raise when a host tensor meets a
/// meta tensor. Its limits, measured with libtorch 2.10's C++ build: matmul, cat, copy_ and indexing accept host
/// operands silently, and there is no C++ meta kernel for convolutions, batch norm, index_select, embeddings,
/// nll_loss2d or where (PyTorch registers those in Python). So the PixelCNN networks, the cross-entropy over images and
/// completion's known pixels cannot run on <c>meta</c>; the module's own sampling loop, distribution batches and
/// optimizer steps run here around <see cref="MetaProbeNetwork"/>. The crossings of the real networks are counted on
/// the test device in <see cref="HostCrossingTests"/>.
/// </summary>
public sealed class MetaDeviceTests
{
    private static readonly Device Meta = new(DeviceType.META);

    public static IEnumerable<object[]> Conditioning() => new[] { new object[] { false }, new object[] { true } };

    [Fact]
    public void MetaRejectsHostReadsAndElementwiseMixing()
    {
        using Tensor meta = torch.ones(new long[] { 3, 4 }, device: Meta);
        using Tensor host = torch.ones(3, 4);
        Assert.Contains("no data", Assert.ThrowsAny<System.Exception>(() => meta.cpu()).Message);
        Assert.Contains("no data", Assert.ThrowsAny<System.Exception>(() => meta.sum().item<float>()).Message);
        Assert.Contains("same device", Assert.ThrowsAny<System.Exception>(() => meta + host).Message);
        Assert.Contains("same device", Assert.ThrowsAny<System.Exception>(() => meta.lt(host)).Message);
        Assert.Equal(new float[12], HostTransfer.Download<float>(meta, "test"));
    }

    [Fact]
    public void ThePixelCnnNetworksCannotRunOnMeta()
    {
        // When a libtorch update brings C++ meta convolutions this fails: then move these tests to the real networks.
        using PixelCnnModel model = PixelCnnFactory.Create(
            PixelCnnArchitecture.Gated,
            4,
            conditional: false,
            Meta,
            seed: 1
        );
        Assert.All(model.Network.parameters(), p => Assert.Equal(DeviceType.META, p.device_type));
        Assert.All(model.Network.MaskedConvolutions(), m => Assert.Equal(DeviceType.META, m.Layer.Mask.device_type));
        using Tensor input = torch.zeros(new long[] { 1, 1, 28, 28 }, ScalarType.Byte, Meta);
        Assert.Contains(
            "convolution_overrideable",
            Assert.ThrowsAny<System.Exception>(() => model.Logits(input)).Message
        );
    }

    [Theory]
    [MemberData(nameof(Conditioning))]
    public void SamplingStepsStayOnTheDeviceAndABatchDownloadsOnce(bool conditional)
    {
        using PixelCnnModel model = MetaModel(conditional);
        var labels = conditional ? SampleLabels.Expand(model, (IReadOnlyList<int>?)null, 3) : null;
        foreach (SamplerKind kind in new[] { SamplerKind.Cached, SamplerKind.Naive })
        {
            using HostTransfer.Recording recording = HostTransfer.Record();
            long steps = 0;
            List<PixelCnnImage> images = RasterSampler
                .Sample(
                    model,
                    3,
                    labels,
                    new SamplingOptions
                    {
                        Kind = kind,
                        BatchSize = 2,
                        Seed = 7,
                        Temperature = 1.0,
                    },
                    default,
                    (done, _) => steps = done
                )
                .ToList();
            Assert.Equal(3, images.Count);
            Assert.Equal(3 * 784, steps);
            Assert.Equal(new[] { HostTransfer.SampledBatch, HostTransfer.SampledBatch }, recording.Crossings);
        }
    }

    [Theory]
    [MemberData(nameof(Conditioning))]
    public void ADistributionBatchStaysOnTheDeviceAndDownloadsOnce(bool conditional)
    {
        using PixelCnnModel model = MetaModel(conditional);
        PixelCnnImage[] images = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Test, 3).ToArray();
        using HostTransfer.Recording recording = HostTransfer.Record();
        IReadOnlyList<PixelCnnPixelDistribution>[] records = PixelDistributionCalculator.Compute(model, images);
        Assert.Equal(new[] { 784, 784, 784 }, records.Select(r => r.Count));
        Assert.Equal(new[] { HostTransfer.Distributions }, recording.Crossings);
    }

    [Fact]
    public void AdamAndTheWeightAverageStepOnTheDevice()
    {
        using PixelCnnModel model = MetaModel(conditional: true);
        ImageDataset data = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Train, 4);
        using var average = WeightAverage.Start(model.Network, 0.9);
        using HostTransfer.Recording recording = HostTransfer.Record();
        using (var scope = torch.NewDisposeScope())
        {
            Tensor images = data.Images.to(Meta);
            Tensor logits = model.Logits(images, model.LabelTensor(data.Labels!.Select(l => (int?)l).ToArray()));
            Tensor loss = nn.functional.log_softmax(logits, 1).mean().neg();
            var optimizer = model.TrainingState.GetOptimizer(model.Network, 1e-3);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            average.Update();
        }

        Assert.Empty(recording.Crossings);
        Assert.All(model.Network.parameters(), p => Assert.Equal(DeviceType.META, p.device_type));
    }

    [Fact]
    public void TheTf32PolicyIsAppliedWhenADeviceIsResolved()
    {
        torch.backends.cudnn.allow_tf32 = true;
        torch.backends.cuda.matmul.allow_tf32 = true;
        ComputeDeviceResolver.Resolve(ComputeDevice.Cpu);
        Assert.False(torch.backends.cudnn.allow_tf32);
        Assert.False(torch.backends.cuda.matmul.allow_tf32);
    }

    private static PixelCnnModel MetaModel(bool conditional)
    {
        var network = new MetaProbeNetwork(conditional ? 10 : 0, ImageShape.Mnist);
        network.to(Meta);
        return new PixelCnnModel(network, Meta);
    }
}
