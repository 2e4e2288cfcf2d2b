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
        var trees = sourceFolders
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
                            path: Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(folder))!, f)
                                .Replace('\\', '/')
                        )
                    )
            )
            .ToList();
        CSharpCompilation compilation = CSharpCompilation.Create(
            "ScalarRule",
            trees,
            References(),
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                allowUnsafe: true
            )
        );
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(5).ToList();
        if (errors.Count > 0)
        {
            // Unbound code would hide offences: the rule needs the source to compile as the module does.
            throw new InvalidOperationException(
                "the source does not compile for the rule:\n" + string.Join("\n", errors)
            );
        }

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
                if (TemporaryTensorOutsideScope(operation) is { } temporary)
                {
                    string at =
                        $"{tree.FilePath}:{operation.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1}";
                    offences.Add(
                        $"{at}: '{temporary.Syntax}' is a temporary tensor passed to {Called(operation)?.Name} with "
                            + $"no dispose scope open in {EnclosingMember(operation.Syntax)}"
                    );
                }

                if (CallsScopedMemberOutsideScope(operation))
                {
                    string at =
                        $"{tree.FilePath}:{operation.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1}";
                    offences.Add(
                        $"{at}: '{operation.Syntax}' calls a member that runs in its caller's dispose scope, with "
                            + $"none open in {EnclosingMember(operation.Syntax)}"
                    );
                }

                IMethodSymbol? method = Called(operation);
                if (method is null || method.ContainingAssembly?.Name != "TorchSharp")
                {
                    continue;
                }

                string where =
                    $"{tree.FilePath}:{operation.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1}";
                Mono.Cecil.MethodDefinition? definition = Resolve(scan, method);
                if (definition is null)
                {
                    offences.Add(
                        $"{where}: {method.ToDisplayString()} was not found in TorchSharp's IL (the rule cannot "
                            + "judge it)"
                    );
                    continue;
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
                    offences.Add(
                        $"{where}: '{operation.Syntax}' makes a Scalar TorchSharp does not keep alive ({chain})"
                    );
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
            }
        }

        return offences.Distinct().ToList();
    }

    /// <summary>The method an operation runs: a call, constructor, operator, conversion or property accessor.</summary>
    private static IMethodSymbol? Called(IOperation operation) =>
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

    /// <summary>
    /// A tensor made by one call and passed straight to another (receiver, argument or operand) is referenced by
    /// nothing but the stack: once TorchSharp has read its handle, a collection can finalize it during the native call.
    /// A dispose scope holds every tensor made while it is open, so such a chain is safe inside one (opened in the same
    /// member, before the chain).
    /// </summary>
    private static IOperation? TemporaryTensorOutsideScope(IOperation operation)
    {
        IEnumerable<IOperation> inputs = operation switch
        {
            IInvocationOperation i => i.Arguments.Select(a => a.Value).Prepend(i.Instance!),
            IBinaryOperation b => new[] { b.LeftOperand, b.RightOperand },
            _ => Enumerable.Empty<IOperation>(),
        };
        IOperation? temporary = inputs.Where(o => o is not null).Select(Unwrap).FirstOrDefault(IsTemporaryTensor);
        return temporary is null || InScope(operation) ? null : temporary;
    }

    /// <summary>
    /// A call of a member marked [InCallersDisposeScope] made where no scope is open: the member's temporaries would
    /// be held by nothing.
    /// </summary>
    private static bool CallsScopedMemberOutsideScope(IOperation operation) =>
        Called(operation) is { } method
        && method
            .GetAttributes()
            .Concat(Overridden(method).SelectMany(m => m.GetAttributes()))
            .Any(a => a.AttributeClass?.Name == ScopeAttribute)
        && !InScope(operation);

    private static IEnumerable<IMethodSymbol> Overridden(IMethodSymbol method)
    {
        for (IMethodSymbol? m = method.OverriddenMethod; m is not null; m = m.OverriddenMethod)
        {
            yield return m;
        }
    }

    private const string ScopeAttribute = "InCallersDisposeScopeAttribute";

    /// <summary>
    /// True inside a member that opens a dispose scope before the operation, or that is marked to run in its caller's.
    /// </summary>
    private static bool InScope(IOperation operation)
    {
        if (ScopeOpenBefore(operation.Syntax))
        {
            return true;
        }

        SyntaxNode? member = operation
            .Syntax.Ancestors()
            .FirstOrDefault(a => a is Microsoft.CodeAnalysis.CSharp.Syntax.BaseMethodDeclarationSyntax);
        return member is Microsoft.CodeAnalysis.CSharp.Syntax.BaseMethodDeclarationSyntax declaration
            && operation.SemanticModel?.GetDeclaredSymbol(declaration) is IMethodSymbol symbol
            && symbol
                .GetAttributes()
                .Concat(Overridden(symbol).SelectMany(m => m.GetAttributes()))
                .Any(a => a.AttributeClass?.Name == ScopeAttribute);
    }

    /// <summary>
    /// A tensor made by a call or operator; an in-place call (name ending in '_') returns its receiver, itself.
    /// </summary>
    private static bool IsTemporaryTensor(IOperation operation) =>
        operation.Type is { } type
        && IsTensor(type)
        && operation switch
        {
            IInvocationOperation { TargetMethod.Name: var name, Instance: { } receiver } when name.EndsWith('_') =>
                IsTemporaryTensor(Unwrap(receiver)),
            IInvocationOperation or IBinaryOperation or IObjectCreationOperation or IUnaryOperation => true,
            _ => false,
        };

    private static IOperation Unwrap(IOperation operation)
    {
        while (operation is IConversionOperation { OperatorMethod: null } or IParenthesizedOperation)
        {
            operation = operation.ChildOperations.First();
        }

        return operation;
    }

    private static bool IsTensor(ITypeSymbol type)
    {
        for (ITypeSymbol? t = type; t is not null; t = t.BaseType)
        {
            if (t.Name == "Tensor" && t.ContainingAssembly?.Name == "TorchSharp")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the member (or lambda) around <paramref name="node"/> opens a dispose scope before it.
    /// </summary>
    private static bool ScopeOpenBefore(SyntaxNode node)
    {
        SyntaxNode? body = node.Ancestors()
            .FirstOrDefault(a =>
                a
                    is Microsoft.CodeAnalysis.CSharp.Syntax.BaseMethodDeclarationSyntax
                        or Microsoft.CodeAnalysis.CSharp.Syntax.AccessorDeclarationSyntax
                        or Microsoft.CodeAnalysis.CSharp.Syntax.LocalFunctionStatementSyntax
            );
        if (body is null)
        {
            return false;
        }

        string before = body.ToString()[..(node.SpanStart - body.SpanStart)];
        return before.Contains("NewDisposeScope()", StringComparison.Ordinal);
    }

    private static string EnclosingMember(SyntaxNode node) =>
        node.Ancestors().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MemberDeclarationSyntax>().FirstOrDefault() switch
        {
            Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax m => m.Identifier.Text,
            Microsoft.CodeAnalysis.CSharp.Syntax.ConstructorDeclarationSyntax c => c.Identifier.Text + " (constructor)",
            Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax p => p.Identifier.Text,
            { } other => other.Kind().ToString(),
            null => "?",
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
