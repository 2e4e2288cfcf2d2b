using PixelCnn.Errors;

namespace PixelCnn.Architectures;

/// <summary>
/// The architectures this process knows: the two that ship with the module, and any registered later (a test
/// assembly registers one of its own to prove that a new architecture needs nothing outside its folder but this call).
/// </summary>
public static class ArchitectureRegistry
{
    private static readonly object Gate = new();
    private static readonly List<Architecture> Registered = new() { new PixelCnnDescriptor(), new GatedDescriptor() };

    /// <summary>Every registered architecture, the shipped ones first.</summary>
    public static IReadOnlyList<Architecture> All
    {
        get
        {
            lock (Gate)
            {
                return Registered.ToArray();
            }
        }
    }

    /// <summary>The registered names, in order.</summary>
    public static IReadOnlyList<string> Names => All.Select(a => a.Name).ToArray();

    /// <summary>Adds an architecture; a name already registered (ignoring case) is refused.</summary>
    public static void Register(Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        lock (Gate)
        {
            if (Registered.Any(a => string.Equals(a.Name, architecture.Name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new InvalidOperationException(
                    $"An architecture named '{architecture.Name}' is registered already."
                );
            }

            Registered.Add(architecture);
        }
    }

    /// <summary>The architecture of this name (ignoring case), or null.</summary>
    public static Architecture? Find(string? name) =>
        name is null ? null : All.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The architecture of this name; an unknown name is an error that lists the known ones.</summary>
    public static Architecture Get(string name) =>
        Find(name)
        ?? throw new PixelCnnException(
            $"There is no architecture '{name}'. Choose one of: {string.Join(", ", Names)}.",
            "UnknownArchitecture",
            PixelCnnErrorKind.InvalidArgument,
            name
        );
}
