using PixelCnn.Errors;
using PixelCnn.Model;
using PixelCnn.Networks;
using PixelCnn.Architectures;

namespace PixelCnn.Model;

/// <summary>Creates new models with fresh weights.</summary>
public static class PixelCnnFactory
{
    /// <summary>Largest hidden size accepted (2h features at 28x28 must fit in memory).</summary>
    public const int MaxHiddenDim = 1024;

    /// <summary>Classes of a conditional model (the ten MNIST digits).</summary>
    public const int DefaultClasses = 10;

    private static readonly object SeedGate = new();

    /// <summary>Creates the tutorial's PixelCNN; with a seed the initial weights are reproducible.</summary>
    public static PixelCnnModel Create(int hiddenDim, Device device, int? seed = null) =>
        Create(PixelCnnArchitecture.PixelCnn, hiddenDim, conditional: false, device, seed);

    /// <summary>Creates a model of the named architecture; with a seed the initial weights are reproducible.</summary>
    public static PixelCnnModel Create(string architecture, int hiddenDim, bool conditional, Device device, int? seed = null)
    {
        Architecture design = ArchitectureRegistry.Get(architecture);
        if (conditional && !design.TakesClasses)
        {
            throw new PixelCnnException(
                $"-Conditional needs an architecture that takes classes ({string.Join(", ", ArchitectureRegistry.All.Where(a => a.TakesClasses).Select(a => a.Name))}): the {design.Name} model is unconditional.",
                "ConditionalNeedsGated", PixelCnnErrorKind.InvalidArgument, architecture);
        }

        if (hiddenDim < 1 || hiddenDim > MaxHiddenDim)
        {
            throw new PixelCnnException($"HiddenDim must be between 1 and {MaxHiddenDim}, not {hiddenDim}.", "InvalidHiddenDim", PixelCnnErrorKind.InvalidArgument, hiddenDim);
        }

        AutoregressiveNetwork network;

        // Layer initialisation draws from libtorch's process-wide generator; seeding and building under one lock keeps
        // seeded models identical when runspaces build models at the same time (ForEach-Object -Parallel). Nothing else
        // in the module draws from that generator (sampling and receptive fields use generators of their own).
        lock (SeedGate)
        {
            if (seed is int s)
            {
                torch.random.manual_seed(s);
            }

            network = design.CreateNetwork(hiddenDim, conditional ? DefaultClasses : 0);
        }

        network.to(device);
        return new PixelCnnModel(network, device) { CreationSeed = seed };
    }

    /// <summary>A network of the named architecture with fresh weights on the CPU.</summary>
    public static AutoregressiveNetwork CreateNetwork(string architecture, int hiddenDim, int classes) =>
        ArchitectureRegistry.Get(architecture).CreateNetwork(hiddenDim, classes);
}
