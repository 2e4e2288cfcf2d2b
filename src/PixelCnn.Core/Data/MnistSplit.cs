namespace PixelCnn.Data;

/// <summary>The two parts of MNIST.</summary>
public enum MnistSplit
{
    /// <summary>60,000 training images (train-*-ubyte files).</summary>
    Train,

    /// <summary>10,000 test images (t10k-*-ubyte files).</summary>
    Test,
}
