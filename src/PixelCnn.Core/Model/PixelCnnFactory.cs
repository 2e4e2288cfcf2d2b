using PixelCnn.Architectures;
using PixelCnn.Errors;
using PixelCnn.Model;
using PixelCnn.Networks;

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

    /// <summary>
    /// Creates a model of the named architecture for images of <paramref name="shape"/> (default 28x28) and, when
    /// conditional, the classes <paramref name="classNames"/> names (default the ten digits); with a seed the initial
    /// weights are reproducible.
    /// </summary>
    public static PixelCnnModel Create(
        string architecture,
        int hiddenDim,
        bool conditional,
        Device device,
        int? seed = null,
        ImageShape? shape = null,
        IReadOnlyList<string>? classNames = null
    )
    {
        Architecture design = ArchitectureRegistry.Get(architecture);
        CheckDesign(design, architecture, conditional, hiddenDim);
        ImageShape size = (shape ?? ImageShape.Mnist).Checked();
        int classes = conditional ? classNames?.Count ?? DefaultClasses : 0;
        if (conditional && classes is < ModelClasses.Minimum or > ModelClasses.Maximum)
        {
            throw new PixelCnnException(
                $"A conditional model has {ModelClasses.Minimum} to {ModelClasses.Maximum} classes, not {classes}.",
                "InvalidClassCount",
                PixelCnnErrorKind.InvalidArgument,
                classes
            );
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

            network = design.CreateNetwork(hiddenDim, classes, size);
        }

        network.Shape = size;
        network.to(device);
        var model = new PixelCnnModel(network, device) { CreationSeed = seed };
        if (conditional && classNames is not null)
        {
            model.ClassNames = classNames;
        }

        return model;
    }

    /// <summary>Stops when the architecture takes no classes but a conditional model is asked for, or the hidden
    /// size is outside 1 to <see cref="MaxHiddenDim"/>.</summary>
    private static void CheckDesign(Architecture design, string architecture, bool conditional, int hiddenDim)
    {
        if (conditional && !design.TakesClasses)
        {
            throw new PixelCnnException(
                "A class-conditional model needs an architecture that takes classes ("
                    + string.Join(", ", ArchitectureRegistry.All.Where(a => a.TakesClasses).Select(a => a.Name))
                    + $"): the {design.Name} model is unconditional.",
                "ConditionalNeedsGated",
                PixelCnnErrorKind.InvalidArgument,
                architecture
            );
        }

        if (hiddenDim < 1 || hiddenDim > MaxHiddenDim)
        {
            throw new PixelCnnException(
                $"HiddenDim must be between 1 and {MaxHiddenDim}, not {hiddenDim}.",
                "InvalidHiddenDim",
                PixelCnnErrorKind.InvalidArgument,
                hiddenDim
            );
        }
    }

    /// <summary>
    /// A network of the named architecture with fresh weights on the CPU for images of <paramref name="shape"/>.
    /// </summary>
    public static AutoregressiveNetwork CreateNetwork(string architecture, int hiddenDim, int classes, ImageShape shape)
    {
        AutoregressiveNetwork network = ArchitectureRegistry.Get(architecture).CreateNetwork(hiddenDim, classes, shape);
        network.Shape = shape;
        return network;
    }
}
