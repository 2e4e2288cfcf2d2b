using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PixelCnn.Tests;

/// <summary>
/// The limits the code keeps, checked on every C# file of src and tests (not bin, obj): lines of at most 120
/// characters, files of at most 300 lines, methods (constructors, accessors, local functions, operators) of at most
/// 60 lines, counted from their signature to their closing brace. `.editorconfig` states the line length for
/// editors and for CSharpier (`dotnet csharpier format .` lays code out within it; Pester checks it did).
/// </summary>
public sealed class SourceLimitsTests
{
    internal const int MaxLineLength = 120;
    internal const int MaxFileLines = 300;
    internal const int MaxMethodLines = 60;

    [Fact]
    public void EveryCSharpFileKeepsTheLimits()
    {
        var files = SourceFiles(TestPaths.Root).ToList();
        Assert.True(files.Count > 100, $"only {files.Count} C# files found under {TestPaths.Root}");
        var breaches = files
            .SelectMany(f => Breaches(File.ReadAllText(f), Path.GetRelativePath(TestPaths.Root, f)))
            .ToList();
        Assert.True(breaches.Count == 0, $"{breaches.Count} breaches:\n" + string.Join("\n", breaches));
    }

    [Fact]
    public void TheCheckFindsALongLineALongFileAndALongMethod()
    {
        string longLine = "class A { string s = \"" + new string('x', 120) + "\"; }";
        Assert.Equal(["a.cs:1: 146 characters"], Breaches(longLine, "a.cs"));

        string body = Statements(59);
        Assert.Equal(
            ["b.cs:3: M is 62 lines"],
            Breaches("class B\n{\n    void M()\n    {\n" + body + "    }\n}\n", "b.cs")
        );
        Assert.Empty(Breaches("class B\n{\n    void M()\n    {\n" + Statements(57) + "    }\n}\n", "b.cs"));

        string accessor =
            "class C\n{\n    int P\n    {\n        get\n        {\n" + body + body + "        }\n    }\n}\n";
        Assert.Contains("c.cs:5: P.get is 121 lines", Breaches(accessor, "c.cs"));

        string file = string.Concat(Enumerable.Repeat("// a line\n", 301));
        Assert.Equal(["d.cs: 301 lines"], Breaches(file, "d.cs"));
    }

    private static string Statements(int count) => string.Concat(Enumerable.Repeat("        int x = 1;\n", count));

    /// <summary>The C# files of src and tests, outside build output.</summary>
    internal static IEnumerable<string> SourceFiles(string root) =>
        new[] { "src", "tests" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, d), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"));

    /// <summary>What in one file's text breaks a limit, one line each ("file:line: what").</summary>
    internal static List<string> Breaches(string text, string name)
    {
        var found = new List<string>();
        string[] lines = text.TrimEnd('\n').Split('\n');
        if (lines.Length > MaxFileLines)
        {
            found.Add($"{name}: {lines.Length} lines");
        }

        for (int i = 0; i < lines.Length; i++)
        {
            int length = lines[i].TrimEnd('\r').Length;
            if (length > MaxLineLength)
            {
                found.Add($"{name}:{i + 1}: {length} characters");
            }
        }

        SyntaxNode root = CSharpSyntaxTree.ParseText(text).GetRoot();
        foreach (
            SyntaxNode node in root.DescendantNodes()
                .Where(n =>
                    n is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax
                )
        )
        {
            FileLinePositionSpan span = node.GetLocation().GetLineSpan();
            int count = span.EndLinePosition.Line - span.StartLinePosition.Line + 1;
            if (count > MaxMethodLines)
            {
                found.Add($"{name}:{span.StartLinePosition.Line + 1}: {Name(node)} is {count} lines");
            }
        }

        return found;
    }

    private static string Name(SyntaxNode node) =>
        node switch
        {
            MethodDeclarationSyntax m => m.Identifier.Text,
            ConstructorDeclarationSyntax c => c.Identifier.Text,
            LocalFunctionStatementSyntax l => l.Identifier.Text,
            AccessorDeclarationSyntax a when a.Parent?.Parent is BasePropertyDeclarationSyntax p =>
                $"{(p as PropertyDeclarationSyntax)?.Identifier.Text ?? "this"}.{a.Keyword.Text}",
            _ => node.Kind().ToString(),
        };
}
