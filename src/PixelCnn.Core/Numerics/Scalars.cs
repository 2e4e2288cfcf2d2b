namespace PixelCnn.Numerics;

/// <summary>
/// The numbers the module passes to libtorch, as native <see cref="Scalar"/>s it owns for the life of the process.
/// TorchSharp 0.107 turns every number in tensor arithmetic into a finalizable <see cref="Scalar"/> (<c>a + b</c> is
/// <c>a.add(b, 1)</c>, <c>x * 2</c> converts the 2) and keeps none alive during the native call, so a collection that
/// another thread (another runspace) starts can free it mid-call: libtorch then stops with "toFloat ... Scalar.h" or
/// reads freed memory. The module therefore passes these constants, or <c>using</c> locals for values that change
/// per call; <c>ScalarLifetimeRuleTests</c> checks every call the module makes against TorchSharp's IL.
/// </summary>
internal static class Scalars
{
    /// <summary>0, as TorchSharp's <c>arange(stop)</c> starts.</summary>
    public static readonly Scalar Zero = 0;

    /// <summary>1, as TorchSharp's <c>add(Tensor)</c> passes its alpha: <c>a + b</c> is <c>a.add(b, One)</c>.</summary>
    public static readonly Scalar One = 1;

    /// <summary>2, as TorchSharp's <c>square()</c> passes its exponent.</summary>
    public static readonly Scalar Two = 2;

    /// <summary>1.0, as TorchSharp's <c>elu(alpha: 1.0)</c> passes its alpha, scale and input scale.</summary>
    public static readonly Scalar OneReal = 1.0;

    /// <summary>The largest pixel value, 255.</summary>
    public static readonly Scalar MaxPixel = 255;

    /// <summary>255.0: pixel values 0..255 divided by it are [0,1], as the tutorial scales its input.</summary>
    public const double PixelScaleValue = 255.0;

    /// <summary><see cref="PixelScaleValue"/> as a Scalar.</summary>
    public static readonly Scalar PixelScale = PixelScaleValue;

    /// <summary>
    /// <c>a + b</c> with the alpha the module owns (TorchSharp's operator makes a Scalar of its own).
    /// </summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);

    /// <summary><c>a += b</c> in place, with the alpha the module owns.</summary>
    public static Tensor PlusInPlace(this Tensor a, Tensor b) => a.add_(b, One);

    /// <summary>ELU with alpha 1, as the UvA tutorial's <c>F.elu</c>, with Scalars the module owns.</summary>
    public static Tensor Elu(this Tensor x) => x.elu(OneReal, OneReal, OneReal);
}
