namespace PixelCnn.Model;

/// <summary>
/// Which input pixels influence the predicted distribution of one pixel, measured by autograd: a pixel is in
/// the field when the gradient of that pixel's logits with respect to it is non-zero.
/// </summary>
public sealed class PixelCnnReceptiveField
{
    private readonly bool[] field;

    /// <summary>Creates the result from a row-major mask of influencing pixels.</summary>
    public PixelCnnReceptiveField(int row, int column, int height, int width, bool[] field)
    {
        this.Row = row;
        this.Column = column;
        this.Height = height;
        this.Width = width;
        this.field = field;
    }

    /// <summary>Row of the predicted pixel.</summary>
    public int Row { get; }

    /// <summary>Column of the predicted pixel.</summary>
    public int Column { get; }

    /// <summary>Image height.</summary>
    public int Height { get; }

    /// <summary>Image width.</summary>
    public int Width { get; }

    /// <summary>Number of input pixels in the field.</summary>
    public int Count => this.field.Count(f => f);

    /// <summary>The input pixels in the field, in raster order.</summary>
    public PixelPosition[] Pixels =>
        Enumerable
            .Range(0, this.field.Length)
            .Where(i => this.field[i])
            .Select(i => new PixelPosition(i / this.Width, i % this.Width))
            .ToArray();

    /// <summary>
    /// Pixels at or after the predicted one (raster order) that influence it: empty for a causal model.
    /// </summary>
    public PixelPosition[] CausalityViolations =>
        this.Pixels.Where(p => (p.Row * this.Width) + p.Column >= (this.Row * this.Width) + this.Column).ToArray();

    /// <summary>
    /// Earlier pixels (raster order) that do not influence the prediction: the blind spot and anything out of reach.
    /// </summary>
    public PixelPosition[] Unseen =>
        Enumerable
            .Range(0, (this.Row * this.Width) + this.Column)
            .Where(i => !this.field[i])
            .Select(i => new PixelPosition(i / this.Width, i % this.Width))
            .ToArray();

    /// <summary>
    /// The blind spot: earlier pixels within the field's reach (rows from the field's first row to the pixel's row,
    /// columns between the field's leftmost and rightmost column) that do not influence the prediction. The original
    /// PixelCNN's stacked masks leave a wedge up and to the right unseen; the Gated PixelCNN leaves none.
    /// </summary>
    public PixelPosition[] BlindSpot
    {
        get
        {
            PixelPosition[] seen = this.Pixels;
            if (seen.Length == 0)
            {
                return System.Array.Empty<PixelPosition>();
            }

            int top = seen.Min(p => p.Row),
                left = seen.Min(p => p.Column),
                right = seen.Max(p => p.Column);
            return this.Unseen.Where(p => p.Row >= top && p.Column >= left && p.Column <= right).ToArray();
        }
    }

    /// <summary>True when no pixel at or after the predicted one influences it.</summary>
    public bool IsCausal => this.CausalityViolations.Length == 0;

    /// <summary>True when the pixel at <paramref name="row"/>, <paramref name="column"/> is in the field.</summary>
    public bool Contains(int row, int column) => this.field[(row * this.Width) + column];

    /// <summary>The field as a row-major mask.</summary>
    public IReadOnlyList<bool> Mask => this.field;

    /// <inheritdoc/>
    public override string ToString() => $"Receptive field of ({this.Row},{this.Column}): {this.Count} pixels";
}
