namespace PixelCnn.Model;

/// <summary>A pixel's row and column.</summary>
/// <param name="Row">Row, 0 at the top.</param>
/// <param name="Column">Column, 0 at the left.</param>
public readonly record struct PixelPosition(int Row, int Column)
{
    /// <inheritdoc/>
    public override string ToString() => $"({this.Row},{this.Column})";
}
