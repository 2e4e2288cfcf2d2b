using System.Runtime.CompilerServices;
using PixelCnn.Diagnostics;

namespace PixelCnn.Commands;

/// <summary>
/// The cmdlet assembly's first code: it loads the core library, whose own initializer sets libtorch's environment
/// before any cmdlet runs.
/// </summary>
internal static class ModuleStart
{
    /// <summary>Runs when PixelCnn.dll loads (Import-Module).</summary>
#pragma warning disable CA2255 // The core library's environment settings must precede the first tensor a cmdlet makes.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize() => _ = NativeEnvironment.UserWaitPolicy;
}
