using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace PixelCnn.Commands;

/// <summary>Tab completion of checkpoint paths: folders and *.safetensors files under what has been typed.</summary>
public sealed class CheckpointPathCompleter : IArgumentCompleter
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
        string current;
        try
        {
            using var ps = PowerShell.Create(RunspaceMode.CurrentRunspace);
            current = ps.AddCommand("Get-Location").Invoke<PathInfo>().FirstOrDefault()?.ProviderPath
                ?? Environment.CurrentDirectory;
        }
        catch (InvalidOperationException)
        {
            current = Environment.CurrentDirectory;
        }

        string typedFolder = Path.GetDirectoryName(typed) ?? string.Empty;
        string folder = Path.Combine(current, typedFolder);
        if (!Directory.Exists(folder))
        {
            return Array.Empty<CompletionResult>();
        }

        string prefix = Path.GetFileName(typed);
        var directories = new DirectoryInfo(folder)
            .EnumerateDirectories(prefix + "*")
            .Select(d =>
                (
                    Text: Path.Combine(typedFolder, d.Name) + Path.DirectorySeparatorChar,
                    Type: CompletionResultType.ProviderContainer
                )
            );
        var files = new DirectoryInfo(folder)
            .EnumerateFiles(prefix + "*.safetensors")
            .Select(f => (Text: Path.Combine(typedFolder, f.Name), Type: CompletionResultType.ProviderItem));
        return directories
            .Concat(files)
            .OrderBy(x => x.Text, StringComparer.OrdinalIgnoreCase)
            .Select(x => new CompletionResult(
                x.Text.Contains(' ', StringComparison.Ordinal) ? $"'{x.Text}'" : x.Text,
                Path.GetFileName(x.Text.TrimEnd(Path.DirectorySeparatorChar)),
                x.Type,
                x.Text
            ))
            .ToList();
    }
}
