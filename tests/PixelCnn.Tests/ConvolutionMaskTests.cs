namespace PixelCnn.Tests;

public sealed class ConvolutionMaskTests
{
    [Theory]
    [InlineData(MaskType.A, 3, "111|100|000")]
    [InlineData(MaskType.B, 3, "111|110|000")]
    [InlineData(MaskType.A, 5, "11111|11111|11000|00000|00000")]
    [InlineData(MaskType.B, 5, "11111|11111|11100|00000|00000")]
    [InlineData(MaskType.A, 7, "1111111|1111111|1111111|1110000|0000000|0000000|0000000")]
    [InlineData(MaskType.B, 7, "1111111|1111111|1111111|1111000|0000000|0000000|0000000")]
    public void MaskIsExact(MaskType type, int size, string expected)
    {
        float[,] mask = ConvolutionMask.Create(type, size, size);
        var rows = new string[size];
        for (int r = 0; r < size; r++)
        {
            var chars = new char[size];
            for (int c = 0; c < size; c++)
            {
                chars[c] =
                    mask[r, c] == 1f ? '1'
                    : mask[r, c] == 0f ? '0'
                    : '?';
            }

            rows[r] = new string(chars);
        }

        Assert.Equal(expected, string.Join("|", rows));
    }

    [Fact]
    public void EvenKernelsAreRejected()
    {
        Assert.Throws<System.ArgumentException>(() => ConvolutionMask.Create(MaskType.A, 4, 4));
    }
}
