using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using PixelCnn.Architectures;

namespace PixelCnn.Commands;

/// <summary>Completes -Architecture with the names the architecture registry knows.</summary>
public sealed class ArchitectureNameCompleter : IArgumentCompleter
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
        string typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
        return ArchitectureRegistry
            .All.Where(a => a.Name.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .Select(a => new CompletionResult(a.Name, a.Name, CompletionResultType.ParameterValue, a.Description));
    }
}
