using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace PixelCnn.LoadContext;

/// <summary>
/// A private load context for PixelCnn.dll and its dependencies (TorchSharp, ImageSharp), so that other
/// modules in the same PowerShell session can load other versions of them without a conflict.
/// Assemblies PowerShell itself provides (System.Management.Automation and the framework) fall through
/// to the default context.
/// </summary>
public sealed class ModuleLoadContext : AssemblyLoadContext
{
    private static ModuleLoadContext? instance;
    private static readonly object Gate = new();
    private readonly string assemblyDirectory;

    private ModuleLoadContext(string assemblyDirectory)
        : base(name: "PixelCnn", isCollectible: false)
    {
        this.assemblyDirectory = assemblyDirectory;
    }

    /// <summary>The folder holding PixelCnn.dll, its managed dependencies and the native libraries.</summary>
    public string AssemblyDirectory => this.assemblyDirectory;

    /// <summary>Loads PixelCnn.dll into the private context once per process and returns it.</summary>
    /// <param name="assemblyDirectory">The folder with PixelCnn.dll.</param>
    public static Assembly Initialize(string assemblyDirectory)
    {
        lock (Gate)
        {
            instance ??= new ModuleLoadContext(Path.GetFullPath(assemblyDirectory));
            return instance.LoadFromAssemblyName(new AssemblyName("PixelCnn"));
        }
    }

    /// <inheritdoc/>
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is null || assemblyName.Name == "System.Management.Automation")
        {
            return null;
        }

        string candidate = Path.Combine(this.assemblyDirectory, assemblyName.Name + ".dll");
        return File.Exists(candidate) ? this.LoadFromAssemblyPath(candidate) : null;
    }

    /// <inheritdoc/>
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        foreach (string name in NativeNames(unmanagedDllName))
        {
            string candidate = Path.Combine(this.assemblyDirectory, name);
            if (File.Exists(candidate))
            {
                return this.LoadUnmanagedDllFromPath(candidate);
            }
        }

        return IntPtr.Zero;
    }

    private static string[] NativeNames(string name)
    {
        if (Path.IsPathRooted(name))
        {
            return new[] { name };
        }

        if (OperatingSystem.IsWindows())
        {
            return new[] { name, name + ".dll" };
        }

        string extension = OperatingSystem.IsMacOS() ? ".dylib" : ".so";
        return new[] { name, "lib" + name + extension, name + extension };
    }
}
