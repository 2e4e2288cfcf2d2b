using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;

namespace PixelCnn.Tests;

/// <summary>The rule itself: Roslyn over a source folder, <see cref="TorchSharpScalarScan"/> over TorchSharp.</summary>
internal static class ScalarLifetimeRule
{
    /// <summary>
    /// The offences in the C# files of <paramref name="sourceFolders"/>, compiled together; paths relative to the
    /// folder's parent.
    /// </summary>
    public static List<string> Check(IReadOnlyDictionary<string, string> reviewed, params string[] sourceFolders)
    {
        (List<SyntaxTree> trees, CSharpCompilation compilation) = SourceCompilation.Compile(sourceFolders, folder =>
            Path.GetDirectoryName(Path.GetFullPath(folder))!
        );
        string torchSharp = typeof(TorchSharp.torch).Assembly.Location;
        using var scan = new TorchSharpScalarScan(torchSharp);
        var offences = new List<string>();
        foreach (SyntaxTree tree in trees)
        {
            SemanticModel model = compilation.GetSemanticModel(tree);
            // Implicit conversions have no syntax of their own: they are found below the operations that have.
            var operations = new HashSet<IOperation>();
            foreach (SyntaxNode node in tree.GetRoot().DescendantNodes())
            {
                if (model.GetOperation(node) is { } top && operations.Add(top))
                {
                    operations.UnionWith(top.Descendants());
                }
            }

            foreach (IOperation operation in operations)
            {
                offences.AddRange(OffencesOf(operation, tree.FilePath, scan, reviewed));
            }
        }

        return offences.Distinct().ToList();
    }

    /// <summary>What one operation does wrong: temporaries outside a scope, and Scalars nothing keeps alive.</summary>
    private static List<string> OffencesOf(
        IOperation operation,
        string filePath,
        TorchSharpScalarScan scan,
        IReadOnlyDictionary<string, string> reviewed
    )
    {
        var offences = ScopeOffences(operation, filePath);
        IMethodSymbol? method = Called(operation);
        if (method is null || method.ContainingAssembly?.Name != "TorchSharp")
        {
            return offences;
        }

        string where = $"{filePath}:{operation.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1}";
        Mono.Cecil.MethodDefinition? definition = Resolve(scan, method);
        if (definition is null)
        {
            offences.Add(
                $"{where}: {method.ToDisplayString()} was not found in TorchSharp's IL (the rule cannot judge it)"
            );
            return offences;
        }

        if (TorchSharpScalarScan.ReturnsScalar(definition))
        {
            if (!IsStored(operation))
            {
                offences.Add(
                    $"{where}: a temporary Scalar ({method.ToDisplayString()}) in '{operation.Syntax}': hold "
                        + "it in a field or a using local"
                );
            }
        }
        else if (scan.MakesScalar(definition) is { } chain && !reviewed.ContainsKey(definition.FullName))
        {
            offences.Add($"{where}: '{operation.Syntax}' makes a Scalar TorchSharp does not keep alive ({chain})");
        }

        // A TorchSharp layer the code builds runs later through a virtual forward the calls above do not
        // reach (Sequential calls its layers' forward): its own forward must make no Scalar either.
        ITypeSymbol? built =
            operation is IObjectCreationOperation ? method.ContainingType
            : method.MethodKind == MethodKind.Constructor ? null
            : method.ReturnType;
        if (built is INamedTypeSymbol { ContainingAssembly.Name: "TorchSharp" } layer)
        {
            foreach (string chainOfForward in scan.ForwardMakesScalar(MetadataName(layer.OriginalDefinition)))
            {
                offences.Add(
                    $"{where}: '{operation.Syntax}' builds a layer whose forward makes a Scalar "
                        + $"({chainOfForward})"
                );
            }
        }

        return offences;
    }

    /// <summary>Temporary tensors, and calls of members that run in their caller's scope, with no scope open.</summary>
    private static List<string> ScopeOffences(IOperation operation, string filePath)
    {
        var offences = new List<string>();
        if (DisposeScopeAnalysis.TemporaryTensorOutsideScope(operation) is { } temporary)
        {
            string at = $"{filePath}:{operation.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1}";
            offences.Add(
                $"{at}: '{temporary.Syntax}' is a temporary tensor passed to {Called(operation)?.Name} with "
                    + $"no dispose scope open in {DisposeScopeAnalysis.EnclosingMember(operation.Syntax)}"
            );
        }

        if (DisposeScopeAnalysis.CallsScopedMemberOutsideScope(operation))
        {
            string at = $"{filePath}:{operation.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1}";
            offences.Add(
                $"{at}: '{operation.Syntax}' calls a member that runs in its caller's dispose scope, with "
                    + $"none open in {DisposeScopeAnalysis.EnclosingMember(operation.Syntax)}"
            );
        }

        return offences;
    }

    /// <summary>The method an operation runs: a call, constructor, operator, conversion or property accessor.</summary>
    internal static IMethodSymbol? Called(IOperation operation) =>
        operation switch
        {
            IInvocationOperation i => i.TargetMethod,
            IObjectCreationOperation c => c.Constructor,
            IBinaryOperation b => b.OperatorMethod,
            ICompoundAssignmentOperation a => a.OperatorMethod,
            IUnaryOperation u => u.OperatorMethod,
            IConversionOperation v => v.OperatorMethod,
            IMethodReferenceOperation m => m.Method,
            IPropertyReferenceOperation p => p.Parent is ISimpleAssignmentOperation s && s.Target == p
                ? p.Property.SetMethod
                : p.Property.GetMethod,
            _ => null,
        };

    /// <summary>A Scalar a local or field takes as it is made, and so keeps alive (and disposes, with using).</summary>
    private static bool IsStored(IOperation operation)
    {
        IOperation? parent = operation.Parent;
        while (parent is IConversionOperation { OperatorMethod: null } or IParenthesizedOperation)
        {
            parent = parent.Parent;
        }

        return parent is IVariableInitializerOperation or IFieldInitializerOperation
            || (
                parent is ISimpleAssignmentOperation assignment
                && assignment.Target is ILocalReferenceOperation or IFieldReferenceOperation
            );
    }

    private static Mono.Cecil.MethodDefinition? Resolve(TorchSharpScalarScan scan, IMethodSymbol method)
    {
        IMethodSymbol original = method.ReducedFrom ?? method;
        original = original.OriginalDefinition;
        return scan.Find(
            MetadataName(original.ContainingType),
            original.MetadataName,
            original.Parameters.Select(p => ParameterName(p.Type) + (p.RefKind == RefKind.None ? "" : "&")).ToList()
        );
    }

    private static string MetadataName(INamedTypeSymbol type) =>
        type.ContainingType is { } outer
            ? MetadataName(outer) + "/" + type.MetadataName
            : (type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString() + ".")
                + type.MetadataName;

    private static string ParameterName(ITypeSymbol type) =>
        type switch
        {
            IArrayTypeSymbol a => ParameterName(a.ElementType) + "[]",
            ITypeParameterSymbol t => t.Name,
            _ => type.MetadataName,
        };

    internal static IEnumerable<MetadataReference> References()
    {
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string path in Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll"))
        {
            byName[Path.GetFileName(path)] = path;
        }

        // The framework's own assemblies win over copies in the test's folder.
        foreach (string path in ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator))
        {
            byName[Path.GetFileName(path)] = path;
        }

        byName.Remove("PixelCnn.dll");
        byName.Remove("PixelCnn.Core.dll");
        byName.Remove("PixelCnn.Tests.dll");
        foreach (string path in byName.Values)
        {
            MetadataReference? reference = null;
            try
            {
                using var stream = File.OpenRead(path);
                using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
                if (pe.HasMetadata)
                {
                    reference = MetadataReference.CreateFromFile(path);
                }
            }
            catch (BadImageFormatException) { }

            if (reference is not null)
            {
                yield return reference;
            }
        }
    }
}
