using System;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;

namespace PixelCnn.WindowsHost;

/// <summary>
/// A host without a user interface (Write-Host and progress go to their streams) that keeps the code of a script's
/// <c>exit</c>: PowerShell hands it to <see cref="SetShouldExit"/> and ends the pipeline.
/// </summary>
internal sealed class ExitCodeHost : PSHost
{
    /// <summary>The code of the script's <c>exit</c>, or null when it never called it.</summary>
    public int? ExitCode { get; private set; }

    public override string Name => "PixelCnn.WindowsHost";

    /// <summary>
    /// PowerShell's version (PSResourceGet installs for Windows PowerShell under a host older than 6).
    /// </summary>
    public override Version Version { get; } = typeof(PSObject).Assembly.GetName().Version ?? new Version(7, 0);

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override PSHostUserInterface? UI => null;

    public override CultureInfo CurrentCulture => CultureInfo.CurrentCulture;

    public override CultureInfo CurrentUICulture => CultureInfo.CurrentUICulture;

    public override void SetShouldExit(int exitCode) => ExitCode = exitCode;

    public override void EnterNestedPrompt() => throw new NotSupportedException("This host has no nested prompt.");

    public override void ExitNestedPrompt() => throw new NotSupportedException("This host has no nested prompt.");

    public override void NotifyBeginApplication() { }

    public override void NotifyEndApplication() { }
}
