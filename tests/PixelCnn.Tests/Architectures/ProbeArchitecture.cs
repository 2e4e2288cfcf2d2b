using System.Runtime.CompilerServices;

namespace PixelCnn.Tests;

/// <summary>
/// An architecture only the tests know, registered from this assembly: <see cref="MetaProbeNetwork"/> (a masked linear
/// autoregressive network). It shows that a new architecture needs its own files and one registration, nothing in the
/// module: <see cref="ArchitectureContractTests"/> runs the same contract on it as on the shipped ones.
/// </summary>
internal sealed class ProbeArchitecture : Architecture
{
    public const string ProbeName = "Probe";

    public override string Name => ProbeName;

    public override string Description => "a masked linear network (tests only)";

    public override bool TakesClasses => true;

    public override string IdentifyingTensor => "vector";

    public override string? ClassTensor => "embedding";

    protected override AutoregressiveNetwork Build(int hiddenDim, int classes, ImageShape shape) =>
        new MetaProbeNetwork(classes, shape);

    /// <summary>The probe has no hidden size: its <c>vector</c> is [256] and the model reports 1.</summary>
    public override int? HiddenDimFrom(IReadOnlyList<long> identifyingShape) =>
        identifyingShape.Count == 1 && identifyingShape[0] == AutoregressiveNetwork.Levels ? 1 : null;

    /// <summary>
    /// Registers the probe when the test assembly loads, before any test or theory data asks the registry.
    /// </summary>
    [ModuleInitializer]
    internal static void Register() => ArchitectureRegistry.Register(new ProbeArchitecture());
}
