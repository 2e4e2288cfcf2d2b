using System;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;
using Microsoft.PowerShell;

namespace PixelCnn.WindowsHost;

/// <summary>
/// Runs a script as pwsh would: <c>-File path [arguments]</c>, <c>-Command text</c> or <c>-EncodedCommand base64</c>
/// (<c>-NoProfile</c>, <c>-NonInteractive</c> and <c>-NoLogo</c> are accepted; no profile is ever read). Output goes to
/// standard output as text, errors to standard error; the exit code is the script's <c>exit</c> code, or 1 after a
/// terminating error.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        Console.OutputEncoding = new UTF8Encoding(false);
        Invocation? invocation = Invocation.Parse(args);
        if (invocation is null)
        {
            Console.Error.WriteLine(
                "usage: pwsh [-NoProfile] [-NonInteractive] (-File path [args] | -Command text | -EncodedCommand "
                    + "base64)"
            );
            return 64;
        }

        InitialSessionState state = InitialSessionState.CreateDefault2();
        state.ExecutionPolicy = ExecutionPolicy.Bypass;
        var host = new ExitCodeHost();
        using Runspace runspace = RunspaceFactory.CreateRunspace(host, state);
        runspace.Open();
        using PowerShell shell = PowerShell.Create(runspace);
        StreamPrinter.Attach(shell.Streams);
        shell.AddScript(invocation.Script);
        shell.AddCommand("Out-String").AddParameter("Stream");
        try
        {
            var output = new PSDataCollection<PSObject>();
            output.DataAdded += (_, e) => Console.Out.WriteLine(output[e.Index]?.ToString());
            shell.Invoke(null, output);
        }
        catch (RuntimeException e)
        {
            Console.Error.WriteLine(e.ErrorRecord.ToString());
            return 1;
        }

        return host.ExitCode ?? 0;
    }
}
