using PixelCnn.Numerics;

namespace PixelCnn.Networks;

/// <summary>
/// A masked convolution evaluated one output position, or one output row, at a time, for the cached samplers (after
/// Ramachandran et al. 2017, "Fast Generation for Convolutional Autoregressive Models"). It keeps a cache of its input
/// with the layer's zero padding above and on both sides, written as the layer before produces it, and reads for an
/// output only the positions its design opens: those are all above or left of the output in raster order, so they
/// are written by then. The cache is pixel-major (a pixel's channels side by side), so writing a pixel and reading its
/// taps move whole runs of memory rather than one value per channel. The kernel carries the layer's own mask buffer
/// and, when one follows, an evaluation-mode BatchNorm folded in. <see cref="At"/> gathers the open taps of one
/// pixel from the flat cache (the taps of (r, c) are those of (0, 0) shifted by r * padded width + c) for one matrix
/// product; <see cref="Along"/> convolves the cached rows a whole output row reads, for layers whose row depends only
/// on earlier rows (the vertical stack).
/// </summary>
internal sealed class MaskedStep
{
    private readonly MaskedConvolution layer;
    private readonly ImageShape shape;
    private readonly Tensor cache; // [B, H + pad rows (1 for a one-row kernel), W + 2 pad columns, C]
    private readonly Tensor flat; // the cache as [B, rows * (W + 2 pad columns), C]
    private readonly Tensor taps; // int64 [taps]: the flat cache positions output (0, 0) reads
    private readonly long firstTap; // the first of them
    private readonly long tapCount; // how many
    private readonly long batch;
    private readonly long rowsRead; // the cache rows one output row reads: (open kernel rows - 1) * dilation + 1
    private readonly long tapStep; // their spacing when evenly spaced (a one-row kernel), else 0: read as a slice
    private readonly Tensor tapWeight; // [taps * C, out]: the open taps of the kernel, tap-major
    private readonly Tensor rowWeight; // [out, C, rows read, kw]: the kernel's rows down to its last open one
    private readonly Tensor bias; // [out]
    private readonly long padRows;
    private readonly long padColumns;
    private readonly long paddedWidth;
    private readonly bool oneRow; // a one-row kernel reads only the output's row: the cache holds that row alone
    private readonly bool pixelByPixel; // no tap right of the centre in the centre row: At may be used

    /// <summary>
    /// The step of <paramref name="layer"/> for <paramref name="batch"/> images of <paramref name="shape"/>, with
    /// <paramref name="norm"/> (if any) folded in; its tensors are handed to <paramref name="keep"/>.
    /// </summary>
    public MaskedStep(
        MaskedConvolution layer,
        ImageShape shape,
        long batch,
        Func<Tensor, Tensor> keep,
        BatchNormalization2d? norm = null
    )
    {
        this.layer = layer;
        this.shape = shape;
        int d = layer.Dilation,
            kh = layer.KernelHeight,
            kw = layer.KernelSize;
        this.padRows = d * (kh - 1) / 2;
        this.padColumns = d * (kw - 1) / 2;
        this.paddedWidth = shape.Width + (2 * this.padColumns);
        this.oneRow = kh == 1;
        long[] open = OpenTaps(layer);
        int rows = (int)(open.Max() / kw) + 1;
        using var scope = torch.NewDisposeScope();
        Tensor weight = layer.MaskedWeight(); // [out, C, kh, kw]
        long channels = weight.shape[1];
        this.cache = keep(
            torch.zeros(
                new[] { batch, this.oneRow ? 1 : shape.Height + this.padRows, this.paddedWidth, channels },
                ScalarType.Float32,
                weight.device
            )
        );
        this.flat = keep(this.cache.view(batch, -1, channels));
        long[] offsets = open.Select(i => (i / kw * d * this.paddedWidth) + (i % kw * d)).ToArray();
        this.taps = keep(torch.tensor(offsets, ScalarType.Int64, weight.device));
        this.firstTap = offsets[0];
        this.tapCount = offsets.Length;
        this.batch = batch;
        this.rowsRead = ((rows - 1) * d) + 1;
        this.tapStep = EvenStep(offsets);
        (Tensor folded, Tensor foldedBias) = FoldedNorm.Apply(weight, layer.Convolution.bias!, norm);
        Tensor openIndex = torch.tensor(open, ScalarType.Int64, weight.device);
        Tensor tapKernel = folded.reshape(folded.shape[0], channels, kh * kw).index_select(2, openIndex);
        this.tapWeight = keep(tapKernel.permute(0, 2, 1).reshape(folded.shape[0], -1).t().contiguous());
        this.rowWeight = keep(folded.narrow(2, 0, rows).contiguous());
        this.bias = keep(foldedBias.detach().clone());
        this.pixelByPixel = open.All(i => i / kw < kh / 2 || i % kw <= kw / 2);
    }

    /// <summary>Stores the layer's input [B, C] at pixel (r, c).</summary>
    [InCallersDisposeScope]
    public void Write(int r, int c, Tensor values) =>
        this.flat.select(1, (this.Row(r) * this.paddedWidth) + c + this.padColumns).copy_(values);

    /// <summary>Stores the layer's input [B, W, C] along row r.</summary>
    [InCallersDisposeScope]
    public void WriteRow(int r, Tensor values) =>
        this.cache.select(1, this.Row(r)).narrow(1, this.padColumns, this.shape.Width).copy_(values);

    /// <summary>The layer's output [B, out] at pixel (r, c), from the inputs written before it.</summary>
    [InCallersDisposeScope]
    public Tensor At(int r, int c)
    {
        if (!this.pixelByPixel)
        {
            throw new InvalidOperationException(
                $"A {this.layer.Shape} type-{this.layer.MaskType} mask reads right of the centre: use it row by row."
            );
        }

        long origin = (this.oneRow ? 0 : r * this.paddedWidth) + c;
        Tensor gathered;
        if (this.tapStep > 0)
        {
            long start = origin + this.firstTap;
            long end = start + (this.tapStep * (this.tapCount - 1)) + 1;
            gathered = this.flat.slice(1, start, end, this.tapStep);
        }
        else
        {
            using Scalar offset = origin;
            using Tensor index = this.taps.add(offset, Scalars.One);
            gathered = this.flat.index_select(1, index);
        }

        return torch.addmm(this.bias, gathered.reshape(this.batch, -1), this.tapWeight, 1, 1);
    }

    /// <summary>The layer's output [B, W, out] along row r, from the rows written before it.</summary>
    [InCallersDisposeScope]
    public Tensor Along(int r)
    {
        Tensor output = Convolution2d.Compute(
            this.cache.narrow(1, this.oneRow ? 0 : r, this.rowsRead).permute(0, 3, 1, 2),
            this.rowWeight,
            this.bias,
            new long[] { 0, 0 },
            new long[] { this.layer.Dilation, this.layer.Dilation }
        ); // [B, out, 1, W]
        return output.squeeze(2).permute(0, 2, 1);
    }

    /// <summary>The spacing of <paramref name="offsets"/> when they are evenly spaced (or one), else 0.</summary>
    private static long EvenStep(long[] offsets)
    {
        long step = offsets.Length == 1 ? 1 : offsets[1] - offsets[0];
        return offsets.Zip(offsets.Skip(1)).All(p => p.Second - p.First == step) ? step : 0;
    }

    /// <summary>The cache row of input row <paramref name="r"/>.</summary>
    private long Row(int r) => this.oneRow ? 0 : r + this.padRows;

    /// <summary>
    /// The kernel positions (row * width + column) the layer's design opens; stops when one lies below the centre
    /// row, where the output's input is not yet known.
    /// </summary>
    private static long[] OpenTaps(MaskedConvolution layer)
    {
        int kh = layer.KernelHeight,
            kw = layer.KernelSize;
        long[] open = layer.Crop.Open.ToArray();
        return open.Length > 0 && open.All(i => i / kw <= kh / 2)
            ? open
            : throw new InvalidOperationException(
                $"A {layer.Shape} type-{layer.MaskType} mask opens a row below its centre, not yet known row by row."
            );
    }
}
