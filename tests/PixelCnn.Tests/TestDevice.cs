namespace PixelCnn.Tests;

/// <summary>
/// The device the device-agnostic tests run on: PIXELCNN_TEST_DEVICE (cpu by default, or cuda, cuda:1, ...), so the
/// same suites run unchanged on a CUDA machine. Tests of CPU-only behaviour (bfloat16 CPU flags) say torch.CPU.
/// </summary>
internal static class TestDevice
{
    /// <summary>The test device.</summary>
    public static Device Current { get; } = Parse(Environment.GetEnvironmentVariable("PIXELCNN_TEST_DEVICE"));

    private static Device Parse(string? name) =>
        string.IsNullOrWhiteSpace(name) ? torch.CPU : new Device(name.Trim().ToLowerInvariant());
}
