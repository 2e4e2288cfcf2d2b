namespace PixelCnn.Networks;

/// <summary>
/// Builds kernel masks. <see cref="MaskShape.Full"/> is the tutorial's MaskedConvolution: every row above the centre
/// is 1; in the centre row, the taps left of the centre are 1, and the centre itself too for type B.
/// <see cref="MaskShape.Vertical"/> (Gated PixelCNN, vertical stack): every row above the centre, and for type B the
/// whole centre row (the stack never sees the current row, so its right half is safe).
/// <see cref="MaskShape.Horizontal"/>
/// (a single row): the taps left of the centre, and the centre for type B. Type A hides the centre.
/// </summary>
public static class ConvolutionMask
{
    /// <summary>The tutorial's mask as a [height, width] array of 0 and 1.</summary>
    public static float[,] Create(MaskType type, int height, int width) => Create(MaskShape.Full, type, height, width);

    /// <summary>A mask of the given shape as a [height, width] array of 0 and 1.</summary>
    public static float[,] Create(MaskShape shape, MaskType type, int height, int width)
    {
        if (height < 1 || width < 1 || height % 2 == 0 || width % 2 == 0)
        {
            throw new ArgumentException($"Masked convolutions need odd kernel sizes, not {height}x{width}.");
        }

        if (shape == MaskShape.Horizontal && height != 1)
        {
            throw new ArgumentException($"A horizontal-stack mask has one row, not {height}.");
        }

        var mask = new float[height, width];
        int centreRow = height / 2;
        int centreColumn = width / 2;
        for (int r = 0; r < height; r++)
        {
            for (int c = 0; c < width; c++)
            {
                bool centreOpen = type == MaskType.B && c == centreColumn;
                bool open = shape switch
                {
                    MaskShape.Vertical => r < centreRow || (r == centreRow && type == MaskType.B),
                    _ => r < centreRow || (r == centreRow && (c < centreColumn || centreOpen)),
                };
                mask[r, c] = open ? 1f : 0f;
            }
        }

        return mask;
    }

    /// <summary>The tutorial's mask as a float32 tensor of shape [height, width] on the CPU.</summary>
    public static Tensor CreateTensor(MaskType type, int height, int width) =>
        CreateTensor(MaskShape.Full, type, height, width, torch.CPU);

    /// <summary>A mask as a float32 tensor of shape [height, width] on <paramref name="device"/>.</summary>
    public static Tensor CreateTensor(MaskShape shape, MaskType type, int height, int width, Device device)
    {
        float[,] mask = Create(shape, type, height, width);
        var flat = new float[height * width];
        Buffer.BlockCopy(mask, 0, flat, 0, flat.Length * sizeof(float));
        return torch.tensor(flat, new long[] { height, width }, ScalarType.Float32, device);
    }
}
