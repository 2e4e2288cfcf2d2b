using System.Text;

namespace PixelCnn.Tests;

public sealed class SafeTensorsFileTests
{
    private static byte[] Make(string header, int dataBytes)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        byte[] file = new byte[8 + json.Length + dataBytes];
        BitConverter.GetBytes((ulong)json.Length).CopyTo(file, 0);
        json.CopyTo(file, 8);
        return file;
    }

    [Fact]
    public void ReadsTensorsAndMetadata()
    {
        byte[] file = Make(
            "{\"__metadata__\":{\"hidden_dim\":\"4\"},\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}",
            8
        );
        BitConverter.GetBytes(1.5f).CopyTo(file, file.Length - 8);
        BitConverter.GetBytes(-2f).CopyTo(file, file.Length - 4);
        SafeTensorsFile parsed = SafeTensorsFile.Parse("x", file);
        Assert.Equal("4", parsed.Metadata["hidden_dim"]);
        using var tensor = parsed.GetTensor("a");
        Assert.Equal(new[] { 1.5f, -2f }, tensor.data<float>().ToArray());
    }

    [Theory]
    [InlineData("not json", 0)]
    [InlineData("[1,2]", 0)]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8)]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8)]
    [InlineData("{\"a\":{\"dtype\":\"Q7\",\"shape\":[2],\"data_offsets\":[0,2]}}", 2)]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4)]
    [InlineData("{\"a\":{\"dtype\":\"F32\"}}", 0)]
    [InlineData(
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
        12
    )]
    public void RejectsMalformedFilesWithACheckpointError(string header, int dataBytes)
    {
        var error = Assert.Throws<PixelCnnException>(() =>
            SafeTensorsFile.Parse("bad.safetensors", Make(header, dataBytes))
        );
        Assert.Equal("CheckpointCorrupt", error.ErrorId);
        Assert.Contains("bad.safetensors", error.Message);
    }

    [Fact]
    public void RejectsATruncatedGoldenFile()
    {
        byte[] golden = File.ReadAllBytes(GoldenModelTests.GoldenPath);
        foreach (int length in new[] { 0, 5, 100, golden.Length / 2, golden.Length - 1 })
        {
            var error = Assert.Throws<PixelCnnException>(() =>
                SafeTensorsFile.Parse("cut", golden.AsSpan(0, length).ToArray())
            );
            Assert.Equal("CheckpointCorrupt", error.ErrorId);
        }
    }
}
