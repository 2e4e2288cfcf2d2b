using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PixelCnn.Tests;

/// <summary>
/// The core library stays free of PowerShell (the compiler keeps it so; this checks the built assemblies), and its
/// folders form layers: no folder uses a type of another that uses one of its own, directly or around a circle.
/// A folder's subfolders (an architecture's) count as the folder.
/// </summary>
public sealed class LayeringTests
{
    [Fact]
    public void TheCoreLibraryReferencesNoPowerShellAndTheCmdletsDo()
    {
        var core = typeof(PixelCnnModel).Assembly;
        var cmdlets = typeof(PixelCnn.Commands.NewPixelCnnCommand).Assembly;
        Assert.Equal("PixelCnn.Core", core.GetName().Name);
        Assert.DoesNotContain(core.GetReferencedAssemblies(), a =>
            a.Name!.StartsWith("System.Management.Automation", StringComparison.Ordinal)
        );
        Assert.Contains(cmdlets.GetReferencedAssemblies(), a => a.Name == "System.Management.Automation");
        Assert.Contains(cmdlets.GetReferencedAssemblies(), a => a.Name == "PixelCnn.Core");
    }

    [Fact]
    public void NoFolderOfTheCoreLibraryDependsOnAnotherInACircle()
    {
        var circles = FolderCircles(TestPaths.CoreSource);
        Assert.True(circles.Count == 0, "folders that depend on each other:\n" + string.Join("\n", circles));
    }

    [Fact]
    public void TheCheckFindsACircleThroughAThirdFolder()
    {
        string root = Directory.CreateTempSubdirectory("layers").FullName;
        try
        {
            Write(root, "A/One.cs", "namespace PixelCnn.A; public sealed class One { public PixelCnn.B.Two? Next; }");
            Write(root, "B/Two.cs", "namespace PixelCnn.B; public sealed class Two { public PixelCnn.C.Three? Next; }");
            Write(
                root,
                "C/Three.cs",
                "using PixelCnn.A; namespace PixelCnn.C; public sealed class Three { public One? Back; }"
            );
            Write(root, "D/Four.cs", "namespace PixelCnn.D; public sealed class Four { public PixelCnn.A.One? Down; }");
            var circles = FolderCircles(root);
            Assert.Single(circles);
            Assert.StartsWith("A, B, C:", circles[0]);
            Assert.DoesNotContain("D", circles[0].Split(':')[0]);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>
    /// The circles among the top folders of <paramref name="source"/>, each as "A, B: A -> B (file: Type), ...": a
    /// folder depends on another when one of its files names a type of the other's namespace (PixelCnn.Folder...),
    /// by Roslyn's binding (usings, qualified names, base types, attributes; not comments).
    /// </summary>
    private static List<string> FolderCircles(string source)
    {
        var (trees, compilation) = SourceCompilation.Compile([source], folder => folder);
        var edges = new Dictionary<(string From, string To), string>();
        foreach (SyntaxTree tree in trees)
        {
            string from = tree.FilePath.Split('/')[0];
            SemanticModel model = compilation.GetSemanticModel(tree);
            foreach (SimpleNameSyntax name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                ISymbol? symbol = model.GetSymbolInfo(name).Symbol;
                INamedTypeSymbol? type = symbol as INamedTypeSymbol ?? symbol?.ContainingType;
                string? to = type is null ? null : Folder(type.ContainingNamespace);
                if (to is not null && to != from)
                {
                    edges.TryAdd((from, to), $"{tree.FilePath}: {type!.Name}");
                }
            }
        }

        return Circles(edges);
    }

    /// <summary>
    /// The strongly connected groups of more than one folder, each with the dependencies inside it.
    /// </summary>
    private static List<string> Circles(Dictionary<(string From, string To), string> edges)
    {
        var folders = edges
            .Keys.SelectMany(e => new[] { e.From, e.To })
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        var circles = new List<string>();
        var seen = new HashSet<string>();
        foreach (string folder in folders.Where(f => !seen.Contains(f)))
        {
            var component = folders
                .Where(other => other == folder || (Reaches(edges, folder, other) && Reaches(edges, other, folder)))
                .ToList();
            seen.UnionWith(component);
            if (component.Count > 1)
            {
                var inside = edges
                    .Where(e => component.Contains(e.Key.From) && component.Contains(e.Key.To))
                    .Select(e => $"{e.Key.From} -> {e.Key.To} ({e.Value})");
                circles.Add($"{string.Join(", ", component)}: {string.Join("; ", inside)}");
            }
        }

        return circles;
    }

    /// <summary>
    /// The top folder of a PixelCnn namespace (PixelCnn.Architectures.Gated: Architectures); null for others.
    /// </summary>
    private static string? Folder(INamespaceSymbol? space)
    {
        string name = space?.ToDisplayString() ?? string.Empty;
        string[] parts = name.Split('.');
        return parts.Length >= 2 && parts[0] == "PixelCnn" ? parts[1] : null;
    }

    private static bool Reaches(Dictionary<(string From, string To), string> edges, string from, string to)
    {
        var stack = new Stack<string>(new[] { from });
        var visited = new HashSet<string>();
        while (stack.Count > 0)
        {
            string at = stack.Pop();
            foreach (var edge in edges.Keys.Where(e => e.From == at && visited.Add(e.To)))
            {
                if (edge.To == to)
                {
                    return true;
                }

                stack.Push(edge.To);
            }
        }

        return false;
    }

    private static void Write(string root, string relative, string text)
    {
        string path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
