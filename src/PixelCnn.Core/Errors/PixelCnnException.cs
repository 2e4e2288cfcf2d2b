namespace PixelCnn.Errors;

/// <summary>
/// A failure the module reports to the user: it carries the error id, kind and offending target that the cmdlets
/// turn into an ErrorRecord.
/// </summary>
public sealed class PixelCnnException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PixelCnnException(
        string message,
        string errorId,
        PixelCnnErrorKind kind,
        object? target,
        Exception? inner = null
    )
        : base(message, inner)
    {
        this.ErrorId = errorId;
        this.Kind = kind;
        this.Target = target;
    }

    /// <summary>A stable identifier of the kind of failure, for scripts that catch it.</summary>
    public string ErrorId { get; }

    /// <summary>The kind of failure (the error record's category).</summary>
    public PixelCnnErrorKind Kind { get; }

    /// <summary>The object (usually a file path or parameter value) that caused the failure.</summary>
    public object? Target { get; }
}
