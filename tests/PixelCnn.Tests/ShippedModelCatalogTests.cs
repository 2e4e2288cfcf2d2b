using PixelCnn.Shipped;

namespace PixelCnn.Tests;

/// <summary>Which shipped model "Default" stands for, read from the records in a folder.</summary>
public sealed class ShippedModelCatalogTests : IDisposable
{
    private static readonly Dictionary<string, string> Stems = new(StringComparer.OrdinalIgnoreCase)
    {
        ["PixelCnn"] = "pixelcnn",
        ["Gated"] = "gated",
        ["GatedConditional"] = "gated-conditional",
    };

    private readonly string folder = Directory.CreateTempSubdirectory("pixelcnn-catalog-").FullName;

    public void Dispose() => Directory.Delete(this.folder, recursive: true);

    [Fact]
    public void DefaultIsTheUnconditionalModelWithTheLowestTestBpd()
    {
        this.Ship("pixelcnn", "{\"Conditional\": false, \"TestBpd\": 1.0598}");
        this.Ship("gated", "{\"Conditional\": false, \"TestBpd\": 0.9871}");
        this.Ship("gated-conditional", "{\"Conditional\": true, \"TestBpd\": 0.85}"); // lowest, but needs labels
        var catalog = new ShippedModelCatalog(this.folder, Stems);

        Assert.Equal("Gated", catalog.DefaultModel());
        Assert.True(catalog.TryResolve("default", out string? path));
        Assert.Equal(Path.Combine(this.folder, "gated.safetensors"), path);
        Assert.True(catalog.TryResolve("PixelCnn", out path));
        Assert.Equal(Path.Combine(this.folder, "pixelcnn.safetensors"), path);
        Assert.True(catalog.TryResolve("GatedConditional", out path));
        Assert.Equal(Path.Combine(this.folder, "gated-conditional.safetensors"), path);
        Assert.Equal(new[] { "PixelCnn", "Gated", "GatedConditional" }, catalog.Shipped());
    }

    [Fact]
    public void ARecordWithoutATestFigureOrAModelWithoutItsCheckpointIsNoCandidate()
    {
        this.Ship("pixelcnn", "{\"Conditional\": false, \"TestBpd\": 1.0598}");
        this.Ship("gated", "{\"Conditional\": false, \"ValidationBpd\": 0.9}");
        File.WriteAllText(
            Path.Combine(this.folder, "gated-conditional.json"),
            "{\"Conditional\": false, \"TestBpd\": 0.5}"
        ); // no checkpoint
        var catalog = new ShippedModelCatalog(this.folder, Stems);

        Assert.Equal("PixelCnn", catalog.DefaultModel());
    }

    [Fact]
    public void EqualFiguresGoToTheFirstNameAndAMissingConditionalMeansUnconditional()
    {
        this.Ship("pixelcnn", "{\"TestBpd\": 1.0}");
        this.Ship("gated", "{\"Conditional\": false, \"TestBpd\": 1.0}");
        Assert.Equal("PixelCnn", new ShippedModelCatalog(this.folder, Stems).DefaultModel());
    }

    [Fact]
    public void WithNoCandidateDefaultDoesNotResolve()
    {
        this.Ship("gated-conditional", "{\"Conditional\": true, \"TestBpd\": 0.85}");
        var catalog = new ShippedModelCatalog(this.folder, Stems);

        Assert.Null(catalog.DefaultModel());
        Assert.False(catalog.TryResolve("Default", out string? path));
        Assert.Null(path);
    }

    [Theory]
    [InlineData("{\"Conditional\": false, \"TestBpd\": ")]
    [InlineData("[1, 2]")]
    public void AnInvalidRecordIsAClearError(string json)
    {
        this.Ship("gated", json);
        var e = Assert.Throws<PixelCnnException>(() => new ShippedModelCatalog(this.folder, Stems).DefaultModel());
        Assert.Equal("ShippedModelRecordInvalid", e.ErrorId);
        Assert.Contains("gated.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownNameIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            new ShippedModelCatalog(this.folder, Stems).TryResolve("Best", out _)
        );
        Assert.Contains("Default, PixelCnn, Gated, GatedConditional", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AShippedModelNotInThisBuildIsAClearError()
    {
        Assert.False(Directory.Exists(ShippedModels.Folder), "the test assembly's folder has no shipped models");
        var e = Assert.Throws<PixelCnnException>(() => ShippedModels.Load("Gated", TorchSharp.torch.CPU));
        Assert.Equal("ShippedModelNotFound", e.ErrorId);
        Assert.Contains("gated.safetensors' is missing; shipped here: none", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<PixelCnnException>(() => ShippedModels.Load("Default", TorchSharp.torch.CPU));
        Assert.Contains(
            "no unconditional model with a test bits/dim in its record",
            e.Message,
            StringComparison.Ordinal
        );
        Assert.False(ShippedModels.Exists("Default"));
    }

    private void Ship(string stem, string record)
    {
        File.WriteAllBytes(Path.Combine(this.folder, stem + ".safetensors"), Array.Empty<byte>());
        File.WriteAllText(Path.Combine(this.folder, stem + ".json"), record);
    }
}
