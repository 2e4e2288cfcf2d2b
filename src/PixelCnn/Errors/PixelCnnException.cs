using System;
using System.Management.Automation;

namespace PixelCnn.Errors;

/// <summary>
/// A failure the module reports to the user: it carries the error id, category and offending target that
/// cmdlets turn into an <see cref="ErrorRecord"/>.
/// </summary>
public sealed class PixelCnnException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PixelCnnException(string message, string errorId, ErrorCategory category, object? target, Exception? inner = null)
        : base(message, inner)
    {
        this.ErrorId = errorId;
        this.Category = category;
        this.Target = target;
    }

    /// <summary>A stable identifier of the kind of failure, for scripts that catch it.</summary>
    public string ErrorId { get; }

    /// <summary>The PowerShell error category.</summary>
    public ErrorCategory Category { get; }

    /// <summary>The object (usually a file path or parameter value) that caused the failure.</summary>
    public object? Target { get; }

    /// <summary>The error as PowerShell reports it.</summary>
    public ErrorRecord ToErrorRecord() => new(this, this.ErrorId, this.Category, this.Target);
}
