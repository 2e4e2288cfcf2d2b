using PixelCnn.Devices;
using PixelCnn.Numerics;
using TorchSharp.Modules;

namespace PixelCnn.Networks;

/// <summary>
/// The tutorial's MaskedConvolution: a Conv2d whose kernel is multiplied by a fixed mask in every forward
/// pass (the weights themselves are never overwritten). State names: <c>mask</c>, <c>conv.weight</c>,
/// <c>conv.bias</c>, as in PyTorch. Padding is dilation * (kernel - 1) / 2 in each direction, so the output keeps
/// the input's size. The mask is the tutorial's square one or a Gated PixelCNN stack's (<see cref="MaskShape"/>).
/// </summary>
public sealed class MaskedConvolution : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly Tensor mask;
    private readonly long[] padding;
    private readonly long[] dilation;
    private readonly KernelCrop crop;

    /// <summary>Creates a layer with the tutorial's square mask.</summary>
    public MaskedConvolution(
        long inChannels,
        long outChannels,
        int kernelSize = 3,
        MaskType maskType = MaskType.B,
        int dilation = 1
    )
        : this(inChannels, outChannels, MaskShape.Full, maskType, kernelSize, kernelSize, dilation) { }

    /// <summary>
    /// Creates a layer with a mask of the given shape. With <paramref name="broadcastMask"/> the mask buffer is
    /// [1,1,kh,kw] (the UvA Gated PixelCNN's layout) instead of [kh,kw] (the seed tutorial's).
    /// </summary>
    public MaskedConvolution(
        long inChannels,
        long outChannels,
        MaskShape shape,
        MaskType maskType,
        int kernelHeight,
        int kernelWidth,
        int dilation = 1,
        bool broadcastMask = false
    )
        : base(nameof(MaskedConvolution))
    {
        this.Shape = shape;
        this.MaskType = maskType;
        this.KernelSize = kernelWidth;
        this.KernelHeight = kernelHeight;
        this.Dilation = dilation;
        long padRows = dilation * (kernelHeight - 1) / 2,
            padColumns = dilation * (kernelWidth - 1) / 2;
        this.padding = new[] { padRows, padColumns };
        this.dilation = new long[] { dilation, dilation };
        this.BroadcastMask = broadcastMask;
        this.mask = this.DesignMask(torch.CPU);
        this.conv = nn.Conv2d(
            inChannels,
            outChannels,
            (kernelHeight, kernelWidth),
            dilation: (dilation, dilation),
            padding: (padRows, padColumns)
        );
        this.crop = KernelCrop.Of(ConvolutionMask.Create(shape, maskType, kernelHeight, kernelWidth), dilation);
        this.register_buffer("mask", this.mask);
        this.register_module("conv", this.conv);
    }

    /// <summary>Full (the tutorial's), Vertical or Horizontal (the Gated PixelCNN's stacks).</summary>
    public MaskShape Shape { get; }

    /// <summary>A (centre hidden) or B (centre visible).</summary>
    public MaskType MaskType { get; }

    /// <summary>Kernel width (and height, for square kernels).</summary>
    public int KernelSize { get; }

    /// <summary>True when the mask buffer is [1,1,kh,kw] rather than [kh,kw].</summary>
    public bool BroadcastMask { get; }

    /// <summary>Kernel height.</summary>
    public int KernelHeight { get; }

    /// <summary>Dilation of the kernel.</summary>
    public int Dilation { get; }

    /// <summary>
    /// True when the mask buffer opens no position its design keeps closed, so the forward pass may convolve with the
    /// design's open rows and columns only. Decided where masks enter: a new layer's mask is its design; the checkpoint
    /// reader checks a file's once as it loads them.
    /// </summary>
    public bool WithinDesign { get; internal set; } = true;

    /// <summary>
    /// The kernel rows and columns the forward pass convolves with: the design's open part, or the whole kernel when
    /// the mask opens more.
    /// </summary>
    public (long Rows, long Columns) ComputedKernel =>
        this.WithinDesign ? (this.crop.Rows, this.crop.Columns) : (this.KernelHeight, this.KernelSize);

    /// <summary>The design's open part of the kernel and the padding that convolves with it alone.</summary>
    internal KernelCrop Crop => this.crop;

    /// <summary>The mask buffer (state name <c>mask</c>).</summary>
    public Tensor Mask => this.mask;

    /// <summary>The wrapped convolution (state names <c>conv.weight</c>, <c>conv.bias</c>).</summary>
    public Conv2d Convolution => this.conv;

    /// <summary>
    /// The mask this layer's shape and type call for, on the layer's device (a new tensor; the caller disposes it).
    /// </summary>
    public Tensor DesignMask() => this.DesignMask(this.mask.device);

    /// <summary>True when the mask buffer is exactly the design mask (checked on the layer's device).</summary>
    public bool MatchesDesign()
    {
        using var scope = torch.NewDisposeScope();
        return HostTransfer.Scalar<float>(this.mask.sub(this.DesignMask()).abs().max(), HostTransfer.MaskCheck) == 0;
    }

    /// <summary>
    /// True when the mask buffer is zero wherever the design mask is (it may close, but not open, positions).
    /// </summary>
    public bool OpensOnlyDesignTaps()
    {
        using var scope = torch.NewDisposeScope();
        Tensor design = this.DesignMask();
        return HostTransfer.Scalar<float>(this.mask.mul(design.eq(Scalars.Zero)).abs().max(), HostTransfer.MaskCheck)
            == 0;
    }

    /// <summary>The kernel with the mask applied (a new tensor).</summary>
    public Tensor MaskedWeight() => this.conv.weight! * this.mask;

    private Tensor DesignMask(Device device)
    {
        using var scope = torch.NewDisposeScope();
        Tensor mask = ConvolutionMask.CreateTensor(
            this.Shape,
            this.MaskType,
            this.KernelHeight,
            this.KernelSize,
            device
        );
        Tensor design = this.BroadcastMask ? mask.reshape(1, 1, this.KernelHeight, this.KernelSize).clone() : mask;
        return design.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The masked convolution; within its design, with the kernel's open rows and columns only
    /// (<see cref="KernelCrop"/>: the same sums without the closed taps' zero products).
    /// </summary>
    public override Tensor forward(Tensor input)
    {
        if (!this.WithinDesign)
        {
            using Tensor maskedWeight = this.MaskedWeight();
            return Convolution2d.Compute(input, maskedWeight, this.conv.bias, this.padding, this.dilation);
        }

        using var scope = torch.NewDisposeScope();
        Tensor weight = this
            .conv.weight!.narrow(2, this.crop.Top, this.crop.Rows)
            .narrow(3, this.crop.Left, this.crop.Columns);
        Tensor mask = this.mask.narrow(-2, this.crop.Top, this.crop.Rows).narrow(-1, this.crop.Left, this.crop.Columns);
        Tensor x = this.crop.ExtraPadding is long[] extra ? nn.functional.pad(input, extra) : input;
        return Convolution2d
            .Compute(x, weight * mask, this.conv.bias, this.crop.Padding, this.dilation)
            .MoveToOuterDisposeScope();
    }
}
