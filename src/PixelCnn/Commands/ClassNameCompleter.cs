using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using PixelCnn.Model;

namespace PixelCnn.Commands;

/// <summary>
/// Completes -Label with the class names of the model the command will use: its -Model argument when that is a
/// variable holding a model, else the session's current model.
/// </summary>
public sealed class ClassNameCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName,
        string parameterName,
        string wordToComplete,
        CommandAst commandAst,
        IDictionary fakeBoundParameters
    )
    {
        object? bound = fakeBoundParameters?.Contains("Model") == true ? fakeBoundParameters["Model"] : null;
        PixelCnnModel? model = (bound is PSObject pso ? pso.BaseObject : bound) as PixelCnnModel ?? CurrentModel.Get();
        if (model is null || !model.Conditional || model.IsDisposed)
        {
            return Array.Empty<CompletionResult>();
        }

        string typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
        return model
            .ClassNames.Select((name, index) => (name, index))
            .Where(c => c.name.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .Select(c => new CompletionResult(
                Quote(c.name),
                c.name,
                CompletionResultType.ParameterValue,
                $"class {c.index}: {c.name}"
            ));
    }

    private static string Quote(string name) =>
        name.Any(ch => char.IsWhiteSpace(ch) || "'\"`$,;(){}[]@#|&<>".Contains(ch))
            ? $"'{name.Replace("'", "''")}'"
            : name;
}
