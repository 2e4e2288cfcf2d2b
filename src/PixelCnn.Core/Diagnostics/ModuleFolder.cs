using System.IO;

namespace PixelCnn.Diagnostics;

/// <summary>
/// The module's own files beside its binaries: the built module keeps them in module/ next to bin/ (shipped models,
/// MNIST, the charts' font).
/// </summary>
public static class ModuleFolder
{
    /// <summary>The full path of a file or folder under the module's module/ folder.</summary>
    public static string Path(params string[] parts)
    {
        string bin = System.IO.Path.GetDirectoryName(typeof(ModuleFolder).Assembly.Location)
            ?? AppContext.BaseDirectory;
        string[] path = new[] { bin, "..", "module" }.Concat(parts).ToArray();
        return System.IO.Path.GetFullPath(System.IO.Path.Combine(path));
    }
}
