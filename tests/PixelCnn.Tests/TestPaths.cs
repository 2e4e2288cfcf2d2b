namespace PixelCnn.Tests;

/// <summary>Where the tests find the repository's data.</summary>
internal static class TestPaths
{
    /// <summary>The repository root (the folder with PixelCnn.psd1).</summary>
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "PixelCnn.psd1")))
                {
                    return dir.FullName;
                }
            }

            throw new DirectoryNotFoundException("The repository root was not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The core library's source folder.</summary>
    public static string CoreSource => Path.Combine(Root, "src", "PixelCnn.Core");

    /// <summary>The cmdlets' source folder.</summary>
    public static string CmdletSource => Path.Combine(Root, "src", "PixelCnn");

    /// <summary>The MNIST files that ship with the module.</summary>
    public static string Mnist => Path.Combine(Root, "module", "data", "mnist");

    /// <summary>A file of tests/data, copied next to the test assembly.</summary>
    public static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "data", name);
}
