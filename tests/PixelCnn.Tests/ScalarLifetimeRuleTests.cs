using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;

namespace PixelCnn.Tests;

/// <summary>
/// The source rule behind "Scalars whose lifetime the code owns". TorchSharp 0.107 turns numbers into finalizable
/// native <c>Scalar</c>s and keeps none alive during the native call, so a collection on another thread (another
/// runspace's) can free one mid-call: libtorch then stops with "toFloat ... Scalar.h" or reads freed memory. The
/// module's code therefore (1) passes only Scalars that a local, field or parameter holds, never a temporary one, and
/// (2) calls no TorchSharp member that makes such a Scalar inside (found from TorchSharp's IL, following its own calls:
/// <c>a + b</c>, <c>x * 2</c>, <c>Adam.step</c>, ...). The rule reads the module's source with Roslyn's semantic
/// model, so every operator, conversion and overload is the one the compiler binds.
/// </summary>
public sealed class ScalarLifetimeRuleTests
{
    /// <summary>TorchSharp members that make a Scalar inside but were read and found safe, with the reason.</summary>
    private static readonly Dictionary<string, string> ReviewedMembers = new() { };

    [Fact]
    public void TheModuleOwnsEveryScalarItPassesToLibTorch()
    {
        var offences = ScalarLifetimeRule.Check(ReviewedMembers, TestPaths.CoreSource, TestPaths.CmdletSource);
        Assert.True(
            offences.Count == 0,
            $"{offences.Count} places pass a Scalar nobody keeps alive:\n" + string.Join("\n", offences)
        );
    }

    [Fact]
    public void TheRuleFindsEveryKindOfImplicitScalar()
    {
        // A file with one example of each kind the rule must find, and the forms it must accept.
        string source = """
            using TorchSharp;
            using static TorchSharp.torch;
            static class Probe
            {
                private static readonly Scalar Two = 2.0;
                static void Run(Tensor a, Tensor b)
                {
                    using Scalar half = 0.5;
                    var c1 = a + b;                 // offence: add(b) is add(b, 1)
                    var c2 = a * 2;                 // offence: the operator converts 2
                    var c3 = a.mul(2.0);            // offence: a temporary Scalar argument
                    var c4 = a.add(b, alpha: 0.5);  // offence: a temporary Scalar argument
                    a.add_(b);                      // offence: add_(b, 1)
                    var ok1 = a.mul(Two);
                    var ok2 = a.add(b, half);
                    var ok3 = a - b;
                    var ok4 = a.mul(b);
                }

                static Tensor Chain(Tensor a) => a.tanh().sigmoid();   // offence: tanh's result is held by nothing
                static Tensor Scoped(Tensor a)
                {
                    using var scope = torch.NewDisposeScope();
                    return a.tanh().sigmoid().MoveToOuterDisposeScope();
                }
            }
            """;
        string folder = Directory.CreateTempSubdirectory("scalar-rule").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "Probe.cs"), source);
            var offences = ScalarLifetimeRule.Check(new Dictionary<string, string>(), folder);
            int[] lines = offences.Select(o => int.Parse(o.Split(':')[1])).Order().ToArray();
            Assert.True(new[] { 9, 10, 11, 12, 13, 20 }.SequenceEqual(lines), string.Join("\n", offences));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
