using System.Runtime.CompilerServices;

namespace PixelCnn.Checkpoints;

/// <summary>
/// The safetensors metadata key a <see cref="CheckpointRecord"/> property is stored under. Properties are written in
/// the order they are declared (the attribute records its source line).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class MetadataKeyAttribute(string key, [CallerLineNumber] int line = 0) : Attribute
{
    /// <summary>The key.</summary>
    public string Key { get; } = key;

    /// <summary>Where the property is declared, for the order of the keys in a file.</summary>
    public int Line { get; } = line;
}
