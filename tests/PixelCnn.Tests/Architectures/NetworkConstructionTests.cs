namespace PixelCnn.Tests;

/// <summary>
/// How every registered architecture's network is built: inside a dispose scope of its own, so the temporaries
/// TorchSharp makes while initialising layers are referenced until they are disposed (unreferenced, a garbage
/// collection could finalize one during the native call that reads it, which crashed four runspaces under forced
/// collections), while the network's own parameters and buffers belong to no scope and outlive it.
/// </summary>
public sealed class NetworkConstructionTests
{
    [Theory]
    [MemberData(nameof(ArchitectureContractTests.Registered), MemberType = typeof(ArchitectureContractTests))]
    public void TemporariesStayInTheConstructionScopeAndTheNetworkOutlivesIt(string name, bool conditional)
    {
        using var outer = torch.NewDisposeScope();
        int before = outer.DisposablesCount;
        using AutoregressiveNetwork network = ArchitectureRegistry
            .Get(name)
            .CreateNetwork(8, conditional ? 10 : 0, ImageShape.Mnist);

        // Built without a scope of its own, the outer scope would hold every temporary (tens of them).
        Assert.Equal(before, outer.DisposablesCount);
        Assert.All(network.parameters(), p => Assert.False(p.IsInvalid));
        Assert.All(network.buffers(), b => Assert.False(b.IsInvalid));

        // The construction scope is gone; the weights it made are alive and compute.
        using var noGrad = torch.no_grad();
        using Tensor images = torch.full(new long[] { 1, 1, 28, 28 }, 0.5f);
        using Tensor? labels = conditional ? torch.zeros(1, ScalarType.Int64) : null;
        using Tensor logits = network.Forward(images, labels);
        Assert.True(logits.isfinite().all().item<bool>());
        Assert.Equal(new long[] { 1, 256, 1, 28, 28 }, logits.shape);
    }

    /// <summary>
    /// Every convolution layer of every registered network runs through <see cref="Convolution2d"/>, the one place
    /// oneDNN's defects are worked around: 1x1 layers are <see cref="PointwiseConvolution"/>s, and a plain
    /// <c>Conv2d</c> only holds a masked layer's weights (the masked layer convolves).
    /// </summary>
    [Theory]
    [MemberData(nameof(ArchitectureContractTests.Registered), MemberType = typeof(ArchitectureContractTests))]
    public void EveryConvolutionRunsThroughConvolution2d(string name, bool conditional)
    {
        using AutoregressiveNetwork network = ArchitectureRegistry
            .Get(name)
            .CreateNetwork(8, conditional ? 10 : 0, ImageShape.Mnist);
        var maskedWeights = network
            .MaskedConvolutions()
            .Select(m => (object)m.Layer.Convolution)
            .ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (var (layer, module) in network.named_modules())
        {
            if (module is TorchSharp.Modules.Convolution convolution)
            {
                Assert.True(
                    convolution is PointwiseConvolution || maskedWeights.Contains(convolution),
                    $"{name}: '{layer}' ({convolution.GetType().Name}) convolves around Convolution2d"
                );
            }
        }
    }
}
