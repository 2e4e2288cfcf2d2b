using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace PixelCnn.Tests;

/// <summary>The module's source compiled by Roslyn for the checks that read it (Scalar lifetimes, layers).</summary>
internal static class SourceCompilation
{
    /// <summary>
    /// Parses the C# files under <paramref name="folders"/> (not bin, obj), each named by its path relative to
    /// <paramref name="pathBase"/> of its folder, and compiles them together as the module is compiled. Unbound code
    /// would hide what the checks look for, so source that does not compile is an error.
    /// </summary>
    public static (List<SyntaxTree> Trees, CSharpCompilation Compilation) Compile(
        IEnumerable<string> folders,
        Func<string, string> pathBase
    )
    {
        var trees = folders
            .SelectMany(folder =>
                Directory
                    .EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
                    .Where(f =>
                        !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                    )
                    .Select(f =>
                        CSharpSyntaxTree.ParseText(
                            File.ReadAllText(f),
                            new CSharpParseOptions(LanguageVersion.Preview),
                            path: Path.GetRelativePath(pathBase(folder), f).Replace('\\', '/')
                        )
                    )
            )
            .ToList();
        CSharpCompilation compilation = CSharpCompilation.Create(
            "Source",
            trees,
            ScalarLifetimeRule.References(),
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                allowUnsafe: true
            )
        );
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(5).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(
                "the source does not compile for the check:\n" + string.Join("\n", errors)
            );
        }

        return (trees, compilation);
    }
}
