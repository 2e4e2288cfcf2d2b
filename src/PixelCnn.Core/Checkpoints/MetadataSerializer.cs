using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace PixelCnn.Checkpoints;

/// <summary>
/// Writes a <see cref="CheckpointRecord"/> as safetensors string metadata and reads it back, every property by its
/// type: whole numbers in invariant digits, doubles round-trip ("R"), enums by name, arrays as JSON, bytes as base64,
/// strings as they are; a null property is no key. Reading ignores keys it does not know (others' metadata).
/// </summary>
internal static class MetadataSerializer
{
    private static readonly (PropertyInfo Property, string Key)[] Fields = typeof(CheckpointRecord)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Select(p => (Property: p, Attribute: p.GetCustomAttribute<MetadataKeyAttribute>()))
        .Where(f => f.Attribute is not null)
        .OrderBy(f => f.Attribute!.Line)
        .Select(f => (f.Property, f.Attribute!.Key))
        .ToArray();

    /// <summary>The metadata keys of a record, in the order they are written.</summary>
    public static IEnumerable<string> Keys => Fields.Select(f => f.Key);

    /// <summary>The record's keys and values, in declaration order.</summary>
    public static Dictionary<string, string> Write(CheckpointRecord record)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (property, key) in Fields)
        {
            if (property.GetValue(record) is object value)
            {
                metadata[key] = Format(value);
            }
        }

        return metadata;
    }

    /// <summary>
    /// The record the metadata holds. A value that does not parse as its property's type throws a
    /// <see cref="FormatException"/> naming the key.
    /// </summary>
    public static CheckpointRecord Read(IReadOnlyDictionary<string, string> metadata)
    {
        var record = new CheckpointRecord();
        foreach (var (property, key) in Fields)
        {
            if (metadata.TryGetValue(key, out string? text))
            {
                property.SetValue(record, Parse(text, property.PropertyType, key));
            }
        }

        return record;
    }

    private static string Format(object value) =>
        value switch
        {
            string s => s,
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            byte[] bytes => Convert.ToBase64String(bytes),
            Enum e => e.ToString(),
            IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
            _ => JsonSerializer.Serialize(value, value.GetType()),
        };

    private static object? Parse(string text, Type type, string key)
    {
        Type target = Nullable.GetUnderlyingType(type) ?? type;
        try
        {
            return target switch
            {
                _ when target == typeof(string) => text,
                _ when target == typeof(int) => int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture),
                _ when target == typeof(long) => long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture),
                _ when target == typeof(double) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
                _ when target == typeof(byte[]) => Convert.FromBase64String(text),
                _ when target.IsEnum => Enum.Parse(target, text, ignoreCase: false),
                _ => JsonSerializer.Deserialize(text, target) ?? throw new FormatException("null"),
            };
        }
        catch (Exception e) when (e is FormatException or OverflowException or JsonException or ArgumentException)
        {
            throw new FormatException($"{key}: {e.Message}", e);
        }
    }
}
