using System;
using TorchSharp;
using static TorchSharp.torch;

namespace PixelCnn.Model;

/// <summary>
/// Builds the kernel masks of the tutorial's MaskedConvolution: every row above the centre is 1; in the centre
/// row, the taps left of the centre are 1, and the centre itself too for type B; everything else is 0.
/// </summary>
public static class ConvolutionMask
{
    /// <summary>The mask as a [height, width] array of 0 and 1.</summary>
    public static float[,] Create(MaskType type, int height, int width)
    {
        if (height < 1 || width < 1 || height % 2 == 0 || width % 2 == 0)
        {
            throw new ArgumentException($"Masked convolutions need odd kernel sizes, not {height}x{width}.");
        }

        var mask = new float[height, width];
        int centreRow = height / 2;
        int centreColumn = width / 2;
        for (int r = 0; r < height; r++)
        {
            for (int c = 0; c < width; c++)
            {
                bool open = r < centreRow || (r == centreRow && (c < centreColumn || (type == MaskType.B && c == centreColumn)));
                mask[r, c] = open ? 1f : 0f;
            }
        }

        return mask;
    }

    /// <summary>The mask as a float32 tensor of shape [height, width].</summary>
    public static Tensor CreateTensor(MaskType type, int height, int width)
    {
        float[,] mask = Create(type, height, width);
        var flat = new float[height * width];
        Buffer.BlockCopy(mask, 0, flat, 0, flat.Length * sizeof(float));
        return torch.tensor(flat, new long[] { height, width }, ScalarType.Float32);
    }
}
