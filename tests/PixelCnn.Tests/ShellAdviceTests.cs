using System.Management.Automation;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PixelCnn.Commands;

namespace PixelCnn.Tests;

/// <summary>
/// The core's messages speak of the model's concepts; the cmdlet layer's <see cref="ShellAdvice"/> names the
/// parameters: the core's text names no cmdlet or parameter, every remedy belongs to an error the core raises, and a
/// core failure reaches the shell with its remedy once.
/// </summary>
public sealed class ShellAdviceTests
{
    private static readonly Regex ShellName = new(
        @"(?<![\w-])-[A-Z][a-z]\w*|\b(New|Get|Start|Import|Export|Save|Complete|Measure)-[A-Z]\w*",
        RegexOptions.CultureInvariant
    );

    [Fact]
    public void TheCoresMessagesNameNoCmdletOrParameter()
    {
        var named = CoreText().Where(t => ShellName.IsMatch(t.Text)).Select(t => $"{t.Where}: \"{t.Text}\"").ToList();
        Assert.True(named.Count == 0, "core text that names the shell:\n" + string.Join("\n", named));
    }

    [Fact]
    public void TheCheckFindsAParameterAndACmdletInAMessage()
    {
        Assert.Matches(ShellName, "pass -Guidance 2");
        Assert.Matches(ShellName, "(Import-PixelCnn)");
        Assert.DoesNotMatch(ShellName, "AMX-BF16 or AVX512-BF16, 0..9, -1, a class-conditional model");
    }

    [Fact]
    public void EveryRemedyBelongsToAnErrorTheCoreRaises()
    {
        var literals = CoreText().Where(t => t.Whole).Select(t => t.Text).ToHashSet(StringComparer.Ordinal);
        Assert.All(ShellAdvice.ById.Keys, id => Assert.Contains(id, literals));
    }

    [Fact]
    public void ACoreFailureReachesTheShellWithItsRemedyOnce()
    {
        using PixelCnnModel model = TestModels.Create(PixelCnnArchitecture.Gated, 4, true, 1);
        var core = Assert.Throws<PixelCnnException>(() => Sampling.Guidance.For(model, null, -1));
        Assert.Equal("A guidance weight is 0 or more, not -1.", core.Message);

        ErrorRecord record = core.ToErrorRecord();
        Assert.Equal(
            "A guidance weight is 0 or more, not -1. Give -Guidance 0 or more (0 samples without guidance).",
            record.Exception.Message
        );
        Assert.Same(core, record.Exception.InnerException);
        Assert.Equal("InvalidGuidance", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, record.CategoryInfo.Category);
        Assert.Equal(-1.0, record.TargetObject);
        var shown = Assert.IsType<PixelCnnException>(record.Exception);
        Assert.Same(shown, shown.ToErrorRecord().Exception); // shown again: the remedy is not added twice
    }

    [Fact]
    public void AFailureTheCmdletsRaiseIsShownAsItIs()
    {
        var own = new PixelCnnException("-Guidance needs ...", "InvalidGuidance", PixelCnnErrorKind.InvalidArgument, 1);
        Assert.Same(own, own.ToErrorRecord().Exception);
        var thrown = Assert.Throws<PixelCnnException>(void () => throw own);
        Assert.Same(thrown, thrown.ToErrorRecord().Exception);
    }

    /// <summary>
    /// The text of every string literal and interpolated string part in the core's source, with where it is; Whole
    /// when it is a plain literal.
    /// </summary>
    private static IEnumerable<(string Where, string Text, bool Whole)> CoreText() =>
        Directory
            .EnumerateFiles(TestPaths.CoreSource, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .SelectMany(f =>
            {
                SyntaxNode root = CSharpSyntaxTree.ParseText(File.ReadAllText(f)).GetRoot();
                string file = Path.GetRelativePath(TestPaths.Root, f);
                return root.DescendantNodes()
                    .Select(n =>
                        n switch
                        {
                            LiteralExpressionSyntax l when l.IsKind(SyntaxKind.StringLiteralExpression) => (
                                l.Token.ValueText,
                                true
                            ),
                            InterpolatedStringTextSyntax t => (t.TextToken.ValueText, false),
                            _ => ((string?)null, false),
                        }
                    )
                    .Where(t => t.Item1 is not null)
                    .Select(t => (file, t.Item1!, t.Item2));
            });
}
