using Mono.Cecil;
using Mono.Cecil.Cil;

namespace PixelCnn.Tests;

/// <summary>
/// Reads TorchSharp's IL to tell which of its members make a <c>Scalar</c> of their own (an implicit number
/// conversion, <c>ToScalar()</c>, a new <c>Scalar</c>) and pass it to libtorch without keeping it alive: TorchSharp
/// leaves such Scalars to the finalizer, which another thread's collection can run during the native call. The scan
/// follows calls into TorchSharp itself (<c>a + b</c> is <c>add(b)</c> is <c>add(b, 1)</c>), so it reads the
/// binary the module runs with rather than a list written by hand.
/// </summary>
internal sealed class TorchSharpScalarScan : IDisposable
{
    private const string ScalarType = "TorchSharp.Scalar";
    private readonly AssemblyDefinition assembly;
    private readonly Dictionary<string, string?> verdicts = new();

    public TorchSharpScalarScan(string torchSharpPath)
    {
        this.assembly = AssemblyDefinition.ReadAssembly(torchSharpPath);
    }

    /// <summary>
    /// Finds a member by its declaring type's metadata name (nested types joined by '/'), name and parameter type
    /// names.
    /// </summary>
    public MethodDefinition? Find(string typeName, string methodName, IReadOnlyList<string> parameterTypeNames)
    {
        TypeDefinition? type = this.assembly.MainModule.GetType(typeName);
        return type?.Methods.FirstOrDefault(m =>
            m.Name == methodName
            && m.Parameters.Count == parameterTypeNames.Count
            && m.Parameters.Select(p => SimpleName(p.ParameterType)).SequenceEqual(parameterTypeNames)
        );
    }

    /// <summary>True when the member hands back a Scalar it made (the caller then owns it).</summary>
    public static bool ReturnsScalar(MethodReference method) =>
        method.ReturnType.FullName == ScalarType
        || (method.Name == ".ctor" && method.DeclaringType.FullName == ScalarType);

    /// <summary>
    /// Null when the member (and everything in TorchSharp it calls) makes no Scalar that it leaves to the finalizer;
    /// otherwise the chain of calls that reaches one, e.g. "Tensor.op_Addition -> Tensor.add -> Scalar.op_Implicit".
    /// </summary>
    public string? MakesScalar(MethodDefinition method)
    {
        string key = method.FullName;
        if (this.verdicts.TryGetValue(key, out string? known))
        {
            return known;
        }

        this.verdicts[key] = null; // a call cycle does not make a Scalar by itself
        string? verdict = null;
        if (method.HasBody)
        {
            foreach (Instruction instruction in method.Body.Instructions)
            {
                if (
                    instruction.Operand is not MethodReference callee
                    || (instruction.OpCode.Code is not (Code.Call or Code.Callvirt or Code.Newobj or Code.Ldftn))
                )
                {
                    continue;
                }

                if (ReturnsScalar(callee) && !ReturnsScalar(method))
                {
                    verdict = $"{Describe(method)} -> {Describe(callee)}";
                    break;
                }

                if (
                    callee.DeclaringType.Scope is { } scope
                    && IsTorchSharp(scope)
                    && !ReturnsScalar(callee)
                    && callee.Resolve() is { } target
                    && MakesScalar(target) is { } chain
                )
                {
                    verdict = $"{Describe(method)} -> {chain}";
                    break;
                }
            }
        }

        this.verdicts[key] = verdict;
        return verdict;
    }

    /// <summary>
    /// The chains of a layer type's forward methods (its own and inherited within TorchSharp) that make a Scalar.
    /// </summary>
    public IEnumerable<string> ForwardMakesScalar(string typeName)
    {
        for (
            TypeDefinition? type = this.assembly.MainModule.GetType(typeName);
            type is not null;
            type = type.BaseType?.Scope is { } scope && IsTorchSharp(scope) ? type.BaseType.Resolve() : null
        )
        {
            foreach (MethodDefinition forward in type.Methods.Where(m => m.Name == "forward" && m.HasBody))
            {
                if (MakesScalar(forward) is { } chain)
                {
                    yield return chain;
                }
            }
        }
    }

    public void Dispose() => this.assembly.Dispose();

    private bool IsTorchSharp(IMetadataScope scope) =>
        scope == this.assembly.MainModule
        || scope.Name == this.assembly.Name.Name
        || scope.Name == this.assembly.MainModule.Name;

    private static string Describe(MethodReference method) =>
        $"{method.DeclaringType.Name}.{method.Name}("
        + string.Join(", ", method.Parameters.Select(p => SimpleName(p.ParameterType)))
        + ")";

    /// <summary>
    /// A parameter type's simple name as Roslyn's metadata name gives it (generic arity included, no namespace, no
    /// ref).
    /// </summary>
    public static string SimpleName(TypeReference type) =>
        type switch
        {
            ByReferenceType r => SimpleName(r.ElementType) + "&",
            ArrayType a => SimpleName(a.ElementType) + "[]",
            GenericInstanceType g => g.ElementType.Name,
            _ => type.Name,
        };
}
