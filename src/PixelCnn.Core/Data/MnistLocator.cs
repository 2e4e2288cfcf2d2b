using System.IO;
using PixelCnn.Diagnostics;

namespace PixelCnn.Data;

/// <summary>
/// Finds the MNIST folder when no path is given. Order: <c>$env:PIXELCNN_DATA</c>, the data folder that ships
/// with the module, the per-user cache folder (where <c>-Download</c> stores files).
/// </summary>
public static class MnistLocator
{
    /// <summary>Environment variable naming a folder with the MNIST files.</summary>
    public const string DataVariable = "PIXELCNN_DATA";

    /// <summary>Environment variable that moves the per-user cache folder.</summary>
    public const string CacheVariable = "PIXELCNN_CACHE";

    /// <summary>The MNIST folder shipped with the module (module/data/mnist next to the bin folder).</summary>
    public static string ModuleDataFolder => ModuleFolder.Path("data", "mnist");

    /// <summary>The per-user cache folder for downloaded MNIST files.</summary>
    public static string CacheFolder
    {
        get
        {
            string? overridden = Environment.GetEnvironmentVariable(CacheVariable);
            if (!string.IsNullOrEmpty(overridden))
            {
                return Path.Combine(overridden, "mnist");
            }

            string baseFolder;
            if (OperatingSystem.IsWindows())
            {
                baseFolder = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            }
            else
            {
                string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
                baseFolder = string.IsNullOrEmpty(xdg)
                    ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
                    : xdg;
            }

            return Path.Combine(baseFolder, "PixelCnn", "mnist");
        }
    }

    /// <summary>The folders searched, in order, with where each comes from.</summary>
    public static IEnumerable<(string Origin, string Folder)> Candidates()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable(DataVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            yield return ($"${DataVariable}", fromEnvironment);
        }

        yield return ("module data folder", ModuleDataFolder);
        yield return ("user cache", CacheFolder);
    }

    /// <summary>The first folder that holds both files of a split, or null.</summary>
    public static string? Find(MnistSplit split)
    {
        foreach (var (_, folder) in Candidates())
        {
            if (Directory.Exists(folder) && MnistLoader.HasSplit(folder, split))
            {
                return folder;
            }
        }

        return null;
    }
}
