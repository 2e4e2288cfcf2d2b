using PixelCnn.Model;
using PixelCnn.Networks;

namespace PixelCnn.Architectures;

/// <summary>
/// One network design the module can build, save and read back: its name (New-PixelCnn -Architecture), how to create
/// its network, and how to recognise its checkpoints. Each architecture lives in a folder of its own with its network,
/// blocks and sampler state; <see cref="ArchitectureRegistry"/> lists them, and everything that needs to know the
/// architectures (the factory, the checkpoint reader, argument completion and validation, the shared contract tests)
/// asks the registry.
/// </summary>
public abstract class Architecture
{
    /// <summary>The name users type and checkpoints record (<c>pixelcnn.architecture</c>).</summary>
    public abstract string Name { get; }

    /// <summary>One line for help and error messages.</summary>
    public abstract string Description { get; }

    /// <summary>True when the network can be class-conditional (New-PixelCnn -Conditional).</summary>
    public virtual bool TakesClasses => false;

    /// <summary>
    /// A tensor every checkpoint of this architecture has and no other architecture's has: how a plain PyTorch
    /// state_dict without the module's metadata is recognised.
    /// </summary>
    public abstract string IdentifyingTensor { get; }

    /// <summary>
    /// The class-embedding tensor whose first dimension is the number of classes (null: never conditional).
    /// </summary>
    public virtual string? ClassTensor => null;

    /// <summary>
    /// A network with fresh weights on the CPU for images of <paramref name="shape"/> (a fully convolutional network
    /// computes at any size; the factory records the shape on it). Built inside a dispose scope of its own: the
    /// temporaries TorchSharp makes while it initialises layers (<c>nn.init</c> indexes a weight to count a kernel's
    /// elements, then reads the count from native code) stay referenced until the network is built and are then
    /// disposed, where unreferenced they could be finalized by a garbage collection in the middle of the native call
    /// (seen as a crash in <c>THSTensor_numel</c> with parallel runspaces). The network's parameters and buffers leave
    /// the scope with it.
    /// </summary>
    public AutoregressiveNetwork CreateNetwork(int hiddenDim, int classes, ImageShape shape)
    {
        using var scope = torch.NewDisposeScope();
        AutoregressiveNetwork network = this.Build(hiddenDim, classes, shape);
        scope.Detach(network.parameters().Cast<IDisposable>().Concat(network.buffers()));
        return network;
    }

    /// <summary>Constructs the network (<see cref="CreateNetwork"/> holds the dispose scope).</summary>
    protected abstract AutoregressiveNetwork Build(int hiddenDim, int classes, ImageShape shape);

    /// <summary>
    /// The hidden size a checkpoint's <see cref="IdentifyingTensor"/> of this shape implies, or null when the shape is
    /// not one this architecture writes. By default the first dimension of a rank-4 convolution weight.
    /// </summary>
    public virtual int? HiddenDimFrom(IReadOnlyList<long> identifyingShape) =>
        identifyingShape.Count == 4 && identifyingShape[0] is > 0 and <= int.MaxValue ? (int)identifyingShape[0] : null;

    /// <inheritdoc/>
    public override string ToString() => this.Name;
}
