namespace PixelCnn.Networks;

/// <summary>
/// The part of a masked kernel its design opens (the rows and columns from the first open to the last), and the
/// padding that makes a convolution with that part alone give what the whole kernel gives: a design's closed taps
/// multiply by zero, so the Gated PixelCNN's vertical kernels (3x3, two rows open) and horizontal ones (1x3, two taps)
/// do a third of their work for nothing. The padding is the whole kernel's, less the rows and columns cut off; where it
/// comes out uneven (more above than below), the convolution takes the even part and the input the rest (a negative
/// rest cuts rows or columns off the input: a type-A vertical kernel reads only the row above).
/// </summary>
internal sealed record KernelCrop(long Top, long Rows, long Left, long Columns, long[] Padding, long[]? ExtraPadding)
{
    /// <summary>The kernel positions the design opens, as row * kernel width + column, in kernel order.</summary>
    public IReadOnlyList<long> Open { get; private init; } = Array.Empty<long>();

    /// <summary>The crop of a kernel with <paramref name="design"/> [kh, kw] and <paramref name="dilation"/>.</summary>
    public static KernelCrop Of(float[,] design, int dilation)
    {
        int kh = design.GetLength(0),
            kw = design.GetLength(1);
        long[] open = Enumerable
            .Range(0, kh * kw)
            .Where(i => design[i / kw, i % kw] != 0)
            .Select(i => (long)i)
            .ToArray();
        long top = open.Min(i => i / kw),
            bottom = open.Max(i => i / kw),
            left = open.Min(i => i % kw),
            right = open.Max(i => i % kw);
        // The whole kernel is padded by dilation * (k - 1) / 2 on each side; a cut-off row or column above or left
        // of the open part moves the part's first tap, one below or right shortens its reach.
        long above = (dilation * (kh - 1) / 2) - (top * dilation),
            below = (dilation * (kh - 1) / 2) - ((kh - 1 - bottom) * dilation),
            before = (dilation * (kw - 1) / 2) - (left * dilation),
            after = (dilation * (kw - 1) / 2) - ((kw - 1 - right) * dilation);
        long rows = Math.Max(0, Math.Min(above, below)),
            columns = Math.Max(0, Math.Min(before, after));
        long[]? extra =
            above == below && before == after
                ? null
                : new[] { before - columns, after - columns, above - rows, below - rows };
        return new KernelCrop(top, bottom - top + 1, left, right - left + 1, new[] { rows, columns }, extra)
        {
            Open = open,
        };
    }
}
