namespace PixelCnn.Errors;

/// <summary>
/// What kind of failure a <see cref="PixelCnnException"/> is. The names are those of PowerShell's ErrorCategory
/// values they become in the cmdlets' error records (the core library does not reference PowerShell).
/// </summary>
public enum PixelCnnErrorKind
{
    /// <summary>An argument is wrong (a value, a combination, a model that cannot do what is asked).</summary>
    InvalidArgument,

    /// <summary>A file or its contents are not what they must be.</summary>
    InvalidData,

    /// <summary>The operation cannot run in the object's present state.</summary>
    InvalidOperation,

    /// <summary>A computation gave a result that cannot be used (a non-finite loss).</summary>
    InvalidResult,

    /// <summary>An object is of the wrong type.</summary>
    InvalidType,

    /// <summary>Something the module needs is not installed.</summary>
    NotInstalled,

    /// <summary>A file, model or resource was not found.</summary>
    ObjectNotFound,

    /// <summary>Reading failed.</summary>
    ReadError,

    /// <summary>Writing failed.</summary>
    WriteError,

    /// <summary>The target exists already.</summary>
    ResourceExists,

    /// <summary>A network connection failed.</summary>
    ConnectionError,
}
