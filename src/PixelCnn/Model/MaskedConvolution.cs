using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PixelCnn.Model;

/// <summary>
/// The tutorial's MaskedConvolution: a Conv2d whose kernel is multiplied by a fixed mask in every forward
/// pass (the weights themselves are never overwritten). State names: <c>mask</c>, <c>conv.weight</c>,
/// <c>conv.bias</c>, as in PyTorch. Padding is dilation * (kernel - 1) / 2, so the output keeps the input's size.
/// </summary>
public sealed class MaskedConvolution : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly Tensor mask;
    private readonly long[] padding;
    private readonly long[] dilation;

    /// <summary>Creates the layer.</summary>
    public MaskedConvolution(long inChannels, long outChannels, int kernelSize = 3, MaskType maskType = MaskType.B, int dilation = 1)
        : base(nameof(MaskedConvolution))
    {
        this.MaskType = maskType;
        this.KernelSize = kernelSize;
        this.Dilation = dilation;
        long pad = dilation * (kernelSize - 1) / 2;
        this.padding = new[] { pad, pad };
        this.dilation = new long[] { dilation, dilation };
        this.mask = ConvolutionMask.CreateTensor(maskType, kernelSize, kernelSize);
        this.conv = nn.Conv2d(inChannels, outChannels, (kernelSize, kernelSize), dilation: (dilation, dilation), padding: (pad, pad));
        this.register_buffer("mask", this.mask);
        this.register_module("conv", this.conv);
    }

    /// <summary>A or B.</summary>
    public MaskType MaskType { get; }

    /// <summary>Kernel height and width.</summary>
    public int KernelSize { get; }

    /// <summary>Dilation of the kernel.</summary>
    public int Dilation { get; }

    /// <summary>The mask buffer (state name <c>mask</c>).</summary>
    public Tensor Mask => this.mask;

    /// <summary>The wrapped convolution (state names <c>conv.weight</c>, <c>conv.bias</c>).</summary>
    public Conv2d Convolution => this.conv;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using Tensor maskedWeight = this.conv.weight! * this.mask;
        return nn.functional.conv2d(input, maskedWeight, this.conv.bias, padding: this.padding, dilation: this.dilation);
    }
}
