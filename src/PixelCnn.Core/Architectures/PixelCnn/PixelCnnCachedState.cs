using PixelCnn.Model;
using PixelCnn.Networks;
using PixelCnn.Numerics;
using TorchSharp.Modules;

namespace PixelCnn.Architectures;

/// <summary>
/// The tutorial's PixelCNN evaluated one pixel at a time (after Ramachandran et al. 2017, "Fast Generation for
/// Convolutional Autoregressive Models"). Every layer's activation at a pixel depends only on earlier pixels, so for
/// each pixel in raster order the state computes every layer at that one position and keeps, per masked
/// convolution, a zero-padded cache of its input: the only activations a later pixel reads again (1x1 convolutions
/// and residual adds are per pixel). Each BatchNorm (evaluation mode, its own epsilon) is folded into the convolution
/// before it; each masked kernel, with the layer's own mask buffer applied, is reduced to the positions its design
/// opens and read from the cache with strided slices.
/// </summary>
internal sealed class PixelCnnCachedState : SamplerState
{
    private readonly Window input;
    private readonly (Tensor Weight, Tensor Bias) inputLayer;
    private readonly Block[] blocks;
    private readonly (Tensor Weight, Tensor Bias) head;
    private readonly (Tensor Weight, Tensor Bias) output;
    private readonly PixelCnnNetwork network;

    /// <summary>Builds the state from the network's current weights (the network is not changed).</summary>
    public PixelCnnCachedState(PixelCnnNetwork network, int batch)
        : base(batch, network.Input.Convolution.weight!.device)
    {
        this.network = network;
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        this.input = this.NewWindow(network.Input, batch, 1);
        this.inputLayer = this.KeepPair(
            Fold(this.input.TapMatrix(), network.Input.Convolution.bias!, network.InputNorm)
        );
        this.blocks = network
            .Blocks.Select(b =>
            {
                long h = b.Masked.Convolution.weight!.shape[1];
                var window = this.NewWindow(b.Masked, batch, h);
                return new Block(
                    this.KeepPair(Fold(Matrix(b.Narrow), b.Narrow.bias!, b.NarrowNorm)),
                    window,
                    this.KeepPair(Fold(window.TapMatrix(), b.Masked.Convolution.bias!, b.MaskedNorm)),
                    this.KeepPair(Fold(Matrix(b.Widen), b.Widen.bias!, b.WidenNorm))
                );
            })
            .ToArray();
        this.head = this.KeepPair(Fold(Matrix(network.Head), network.Head.bias!, network.HeadNorm));
        this.output = this.KeepPair((Matrix(network.Output).t().contiguous(), network.Output.bias!.detach().clone()));
    }

    /// <inheritdoc/>
    public override Tensor Logits(int pixel)
    {
        int r = pixel / this.network.Shape.Width,
            c = pixel % this.network.Shape.Width;
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        Tensor a = torch.addmm(this.inputLayer.Bias, this.input.Gather(r, c), this.inputLayer.Weight, 1, 1).relu_();
        foreach (Block block in this.blocks)
        {
            Tensor narrow = torch.addmm(block.Narrow.Bias, a, block.Narrow.Weight, 1, 1).relu_();
            block.Window.Write(r, c, narrow);
            Tensor masked = torch
                .addmm(block.Masked.Bias, block.Window.Gather(r, c), block.Masked.Weight, 1, 1)
                .relu_();
            a = a.Plus(torch.addmm(block.Widen.Bias, masked, block.Widen.Weight, 1, 1).relu_());
        }

        Tensor features = torch.addmm(this.head.Bias, a, this.head.Weight, 1, 1).relu_();
        return torch.addmm(this.output.Bias, features, this.output.Weight, 1, 1).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override void Accept(int pixel, Tensor values)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        this.input.Write(
            pixel / this.network.Shape.Width,
            pixel % this.network.Shape.Width,
            this.network.ScalePixels(values).unsqueeze(1)
        );
    }

    /// <summary>Rows (and columns on each side) a masked layer's kernel reaches: dilation * (kernel / 2).</summary>
    private static int Pad(MaskedConvolution layer) => layer.Dilation * (layer.KernelSize / 2);

    /// <summary>A 1x1 convolution's weight [out, in, 1, 1] as a matrix [out, in].</summary>
    [InCallersDisposeScope]
    private static Tensor Matrix(Conv2d conv) => conv.weight!.reshape(conv.weight.shape[0], conv.weight.shape[1]);

    /// <summary>
    /// Folds an evaluation-mode BatchNorm into weight [out, in] and bias; returns them transposed for addmm.
    /// </summary>
    [InCallersDisposeScope]
    private static (Tensor Weight, Tensor Bias) Fold(Tensor weight, Tensor bias, BatchNormalization2d norm)
    {
        using Scalar eps = norm.eps;
        Tensor scale = norm.weight! / norm.running_var!.add(eps, Scalars.One).sqrt();
        Tensor shift = norm.bias! - (scale * norm.running_mean!);
        return ((weight * scale.unsqueeze(1)).t().contiguous(), (bias * scale).Plus(shift));
    }

    /// <summary>
    /// The input cache of <paramref name="layer"/> for a batch of <paramref name="channels"/>-channel images: zeros
    /// with the layer's padding above and on both sides, kept for the state's life.
    /// </summary>
    [InCallersDisposeScope]
    private Window NewWindow(MaskedConvolution layer, long batch, long channels)
    {
        ImageShape shape = this.network.Shape;
        long[] size = { batch, channels, shape.Height + Pad(layer), shape.Width + (2 * Pad(layer)) };
        return new Window(layer, this.Keep(torch.zeros(size, ScalarType.Float32, this.Device)), this.Keep);
    }

    private (Tensor Weight, Tensor Bias) KeepPair((Tensor Weight, Tensor Bias) pair) =>
        (this.Keep(pair.Weight), this.Keep(pair.Bias));

    /// <summary>One residual block's folded layers and its masked convolution's input cache.</summary>
    private sealed record Block(
        (Tensor Weight, Tensor Bias) Narrow,
        Window Window,
        (Tensor Weight, Tensor Bias) Masked,
        (Tensor Weight, Tensor Bias) Widen
    );

    /// <summary>
    /// A square masked convolution's input cache [B, C, (H + pad) * (W + 2 pad)] (zero rows above, zero columns on
    /// both sides, flattened) and the positions its design opens: the rows above the centre in full, then the centre
    /// row left of the centre (and the centre for type B), each dilated, in kernel order. The taps of pixel (r, c) are
    /// the taps of (0, 0) shifted by r * width + c: one small index per pixel, gathered with one index_select.
    /// </summary>
    private sealed class Window
    {
        private readonly MaskedConvolution layer;
        private readonly Tensor cache;
        private readonly Tensor taps; // int64 [taps]: flat cache positions read for pixel (0, 0)
        private readonly int pad;
        private readonly int width;
        private readonly int half;
        private readonly int centreRowTaps;

        [InCallersDisposeScope]
        public Window(MaskedConvolution layer, Tensor cache, System.Func<Tensor, Tensor> keep)
        {
            this.layer = layer;
            this.half = layer.KernelSize / 2;
            this.pad = Pad(layer);
            this.width = (int)cache.shape[3];
            this.centreRowTaps = this.half + (layer.MaskType == MaskType.B ? 1 : 0);
            this.cache = keep(cache.reshape(cache.shape[0], cache.shape[1], -1));
            int d = layer.Dilation;
            var offsets = new System.Collections.Generic.List<long>();
            for (int r = 0; r < this.half; r++)
            {
                for (int c = 0; c < layer.KernelSize; c++)
                {
                    offsets.Add((r * d * this.width) + (c * d));
                }
            }

            for (int c = 0; c < this.centreRowTaps; c++)
            {
                offsets.Add((this.pad * this.width) + (c * d));
            }

            this.taps = keep(torch.tensor(offsets.ToArray(), ScalarType.Int64, cache.device));
        }

        /// <summary>
        /// The open taps of every input channel at (r, c): [B, C * taps], channel-major, kernel order.
        /// </summary>
        [InCallersDisposeScope]
        public Tensor Gather(int r, int c)
        {
            using Scalar offset = (r * this.width) + c;
            using Tensor index = this.taps.add(offset, Scalars.One);
            return this.cache.index_select(2, index).reshape(this.cache.shape[0], -1);
        }

        /// <summary>Stores the layer's input [B, C] at (r, c).</summary>
        [InCallersDisposeScope]
        public void Write(int r, int c, Tensor values) =>
            this.cache.select(2, ((r + this.pad) * this.width) + c + this.pad).copy_(values);

        /// <summary>
        /// The kernel with the layer's mask buffer applied, at the design's open positions: [out, in * taps].
        /// </summary>
        [InCallersDisposeScope]
        public Tensor TapMatrix()
        {
            Tensor weight = this.layer.MaskedWeight();
            long k = this.layer.KernelSize;
            float[,] design = ConvolutionMask.Create(
                this.layer.Shape,
                this.layer.MaskType,
                this.layer.KernelHeight,
                (int)k
            );
            long[] open = Enumerable
                .Range(0, design.Length)
                .Where(i => design[i / (int)k, i % (int)k] != 0)
                .Select(i => (long)i)
                .ToArray();
            if (
                open.Length != (this.half * k) + this.centreRowTaps
                || open.Any(i => i >= (this.half * k) + this.centreRowTaps)
            )
            {
                throw new System.InvalidOperationException(
                    $"The design of a {this.layer.Shape} type-{this.layer.MaskType} mask is not the rows above the "
                        + "centre and the centre row's left part this cache reads."
                );
            }

            Tensor flat = weight.reshape(weight.shape[0], weight.shape[1], k * k);
            return flat.index_select(2, torch.tensor(open, ScalarType.Int64, weight.device))
                .reshape(weight.shape[0], -1);
        }
    }
}
