using System.Globalization;
using PixelCnnTests;

namespace PixelCnn.Tests;

/// <summary>
/// The independent digit judge (tests/tools/DigitClassifier.cs, weights trained in PyTorch by
/// tests/reference/train_digit_classifier.py) computes PyTorch's logits and is right as often as PyTorch measured.
/// </summary>
public sealed class DigitClassifierTests
{
    private static readonly DigitClassifier Judge = new(TestPaths.Data("digit-classifier.safetensors"));

    [Fact]
    public void GivesPyTorchsLogitsForTheFirstTestDigits()
    {
        float[] golden = Judge.Tensor("golden_logits");
        PixelCnnImage[] images = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Test, 16).ToArray();
        for (int i = 0; i < images.Length; i++)
        {
            float[] logits = Judge.Logits(images[i].Pixels);
            for (int d = 0; d < 10; d++)
            {
                Assert.True(
                    Math.Abs(logits[d] - golden[(i * 10) + d]) < 1e-4,
                    $"image {i}, digit {d}: {logits[d]} here, {golden[(i * 10) + d]} in PyTorch"
                );
            }
        }
    }

    [Fact]
    public void IsRightOnAtLeast985PercentOfTheTestDigitsAsPyTorchMeasured()
    {
        ImageDataset test = MnistLoader.Load(TestPaths.Mnist, MnistSplit.Test, null);
        int right = test.ToArray().Count(image => Judge.Classify(image.Pixels) == image.Label);
        int pytorch = int.Parse(Judge.Metadata["test_right"], CultureInfo.InvariantCulture);
        Assert.True(right >= 9850, $"{right} of 10000 right");
        Assert.True(
            Math.Abs(right - pytorch) <= 2,
            $"{right} right here, {pytorch} in PyTorch (float32 sums in another order may flip a borderline digit)"
        );
    }
}
