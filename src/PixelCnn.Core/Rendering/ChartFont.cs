using System.IO;
using PixelCnn.Diagnostics;
using ScottPlot;

namespace PixelCnn.Rendering;

/// <summary>
/// The font of every chart: DejaVu Sans, shipped with the module (module/fonts, with its licence), so charts have
/// their title, axes and legend on a machine without system fonts (a slim container, Wine). Registered with ScottPlot
/// once per process; where the files are missing (a build without them) charts fall back to the system's fonts.
/// </summary>
internal static class ChartFont
{
    /// <summary>The family name charts ask for.</summary>
    public const string Family = "DejaVu Sans";

    private static readonly Lazy<bool> Registered = new(Register);

    /// <summary>Sets every text of <paramref name="plot"/> to the shipped font (a no-op without its files).</summary>
    public static void Apply(Plot plot)
    {
        if (Registered.Value)
        {
            plot.Font.Set(Family);
        }
    }

    private static bool Register()
    {
        string regular = ModuleFolder.Path("fonts", "DejaVuSans.ttf");
        string bold = ModuleFolder.Path("fonts", "DejaVuSans-Bold.ttf");
        if (!File.Exists(regular) || !File.Exists(bold))
        {
            return false;
        }

        Fonts.AddFontFile(Family, regular, bold: false, italic: false);
        Fonts.AddFontFile(Family, bold, bold: true, italic: false);
        return true;
    }
}
