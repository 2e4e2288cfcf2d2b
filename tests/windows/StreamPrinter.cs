using System;
using System.Management.Automation;

namespace PixelCnn.WindowsHost;

/// <summary>
/// Writes a PowerShell's error, warning, verbose and information records as pwsh's console host would.
/// </summary>
internal static class StreamPrinter
{
    public static void Attach(PSDataStreams streams)
    {
        streams.Error.DataAdded += (_, e) => Console.Error.WriteLine(streams.Error[e.Index].ToString());
        streams.Warning.DataAdded += (_, e) => Console.Out.WriteLine("WARNING: " + streams.Warning[e.Index].Message);
        streams.Verbose.DataAdded += (_, e) => Console.Out.WriteLine("VERBOSE: " + streams.Verbose[e.Index].Message);
        streams.Information.DataAdded += (_, e) => Information(streams.Information[e.Index].MessageData);
    }

    /// <summary>Write-Host's text keeps its -NoNewline (Pester writes a test's time after its name so).</summary>
    private static void Information(object? message)
    {
        if (message is HostInformationMessage { NoNewLine: true } host)
        {
            Console.Out.Write(host.Message);
        }
        else
        {
            Console.Out.WriteLine(message?.ToString());
        }
    }
}
