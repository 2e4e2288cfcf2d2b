using System;
using System.Management.Automation;
using PixelCnn.Errors;

namespace PixelCnn.Commands;

/// <summary>The core library's failures as PowerShell error records: one mapping for every cmdlet.</summary>
internal static class ErrorRecords
{
    /// <summary>
    /// The error as PowerShell reports it: its id, the category of its kind, its target, and for a failure of the core
    /// the remedy in the shell's terms (<see cref="ShellAdvice"/>).
    /// </summary>
    public static ErrorRecord ToErrorRecord(this PixelCnnException exception) =>
        new(ShellAdvice.InShell(exception), exception.ErrorId, Category(exception.Kind), exception.Target);

    /// <summary>PowerShell's category of a kind of failure (the same name).</summary>
    public static ErrorCategory Category(PixelCnnErrorKind kind) =>
        kind switch
        {
            PixelCnnErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
            PixelCnnErrorKind.InvalidData => ErrorCategory.InvalidData,
            PixelCnnErrorKind.InvalidOperation => ErrorCategory.InvalidOperation,
            PixelCnnErrorKind.InvalidResult => ErrorCategory.InvalidResult,
            PixelCnnErrorKind.InvalidType => ErrorCategory.InvalidType,
            PixelCnnErrorKind.NotInstalled => ErrorCategory.NotInstalled,
            PixelCnnErrorKind.ObjectNotFound => ErrorCategory.ObjectNotFound,
            PixelCnnErrorKind.ReadError => ErrorCategory.ReadError,
            PixelCnnErrorKind.WriteError => ErrorCategory.WriteError,
            PixelCnnErrorKind.ResourceExists => ErrorCategory.ResourceExists,
            PixelCnnErrorKind.ConnectionError => ErrorCategory.ConnectionError,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "an error kind without a category"),
        };

    /// <summary>
    /// Why a file could not be written, for one sentence of a message: the system's reason without its final period,
    /// and on Windows, where a file another program holds open cannot be replaced, what "access denied" usually means.
    /// </summary>
    public static string WriteFailureReason(Exception exception)
    {
        string reason = exception.Message.TrimEnd().TrimEnd('.');
        return exception is UnauthorizedAccessException && OperatingSystem.IsWindows()
            ? reason + " (is the file open in another program, or read-only?)"
            : reason;
    }
}
