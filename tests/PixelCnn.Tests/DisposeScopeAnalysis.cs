using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace PixelCnn.Tests;

/// <summary>
/// The dispose-scope half of <see cref="ScalarLifetimeRule"/>: where a temporary tensor is made with no dispose scope
/// open to hold it.
/// </summary>
internal static class DisposeScopeAnalysis
{
    /// <summary>
    /// A tensor made by one call and passed straight to another (receiver, argument or operand) is referenced by
    /// nothing but the stack: once TorchSharp has read its handle, a collection can finalize it during the native call.
    /// A dispose scope holds every tensor made while it is open, so such a chain is safe inside one (opened in the same
    /// member, before the chain).
    /// </summary>
    public static IOperation? TemporaryTensorOutsideScope(IOperation operation)
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
    public static bool CallsScopedMemberOutsideScope(IOperation operation) =>
        ScalarLifetimeRule.Called(operation) is { } method
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

    public static string EnclosingMember(SyntaxNode node) =>
        node.Ancestors().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MemberDeclarationSyntax>().FirstOrDefault() switch
        {
            Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax m => m.Identifier.Text,
            Microsoft.CodeAnalysis.CSharp.Syntax.ConstructorDeclarationSyntax c => c.Identifier.Text + " (constructor)",
            Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax p => p.Identifier.Text,
            { } other => other.Kind().ToString(),
            null => "?",
        };
}
