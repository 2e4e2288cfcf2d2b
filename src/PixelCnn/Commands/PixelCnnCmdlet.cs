using System;
using System.Management.Automation;
using System.Threading;
using PixelCnn.Errors;

namespace PixelCnn.Commands;

/// <summary>
/// What every cmdlet of the module shares: the record loop (each cmdlet writes only its Begin, Process and End step;
/// the base turns the core's failures into terminating error records and its cancellation into a quiet end); Ctrl+C
/// as one cancellation token (<see cref="StopToken"/>) that the core
/// library checks between batches or pixels; the core's failures as error records (<see cref="ErrorRecords"/>); the
/// lease of the model a cmdlet runs with (PowerShell disposes a cmdlet when its pipeline ends, also when stopped, which
/// ends the lease); models it loaded for itself; and the file checks of cmdlets that write.
/// </summary>
public abstract class PixelCnnCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private IDisposable? lease;
    private readonly System.Collections.Generic.List<IDisposable> owned = new();

    /// <summary>
    /// Cancelled when the user presses Ctrl+C (StopProcessing; <see cref="Cmdlet.Stopping"/> is then true): the core
    /// library stops at its next check.
    /// </summary>
    protected CancellationToken StopToken => this.stopping.Token;

    /// <inheritdoc/>
    protected sealed override void StopProcessing() => this.stopping.Cancel();

    /// <summary>The cmdlet's own work before the first input (PowerShell's BeginProcessing).</summary>
    protected virtual void Begin() { }

    /// <summary>The cmdlet's own work for each input (PowerShell's ProcessRecord).</summary>
    protected virtual void Process() { }

    /// <summary>The cmdlet's own work after the last input (PowerShell's EndProcessing).</summary>
    protected virtual void End() { }

    /// <summary>
    /// What the cmdlet says when Ctrl+C has ended a step (the core threw OperationCanceledException); nothing by
    /// default.
    /// </summary>
    protected virtual void Stopped() { }

    /// <inheritdoc/>
    protected sealed override void BeginProcessing() => this.Run(this.Begin);

    /// <inheritdoc/>
    protected sealed override void ProcessRecord() => this.Run(this.Process);

    /// <inheritdoc/>
    protected sealed override void EndProcessing() => this.Run(this.End);

    /// <summary>
    /// One step of the cmdlet, with the flow every cmdlet shares: a failure of the core library stops the cmdlet with
    /// its error record (a failure that concerns one input only is the cmdlet's own to report and go on); the core's
    /// cancellation after Ctrl+C ends the step quietly, as PowerShell ends the pipeline.
    /// </summary>
    private void Run(Action step)
    {
        try
        {
            step();
        }
        catch (PixelCnnException e)
        {
            this.ThrowTerminating(e);
        }
        catch (OperationCanceledException) when (this.Stopping)
        {
            this.Stopped();
        }
    }

    /// <summary>
    /// Uses <paramref name="model"/> until the pipeline ends: a session-owned model replaced meanwhile waits.
    /// </summary>
    protected Model.PixelCnnModel Use(Model.PixelCnnModel model)
    {
        if (this.lease is null)
        {
            this.lease = ModelLeases.Acquire(model);
        }

        return model;
    }

    /// <summary>
    /// Disposes <paramref name="item"/> when the pipeline ends (a model the cmdlet loaded for itself).
    /// </summary>
    protected T Own<T>(T item)
        where T : IDisposable
    {
        this.owned.Add(item);
        return item;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        this.stopping.Dispose();
        this.lease?.Dispose();
        this.lease = null;
        foreach (IDisposable item in this.owned)
        {
            item.Dispose();
        }

        this.owned.Clear();
        GC.SuppressFinalize(this);
    }

    /// <summary>Stops the cmdlet with the exception's error record.</summary>
    protected void ThrowTerminating(PixelCnnException exception) =>
        this.ThrowTerminatingError(exception.ToErrorRecord());

    /// <summary>Stops the cmdlet with a new error record.</summary>
    protected void ThrowTerminating(
        string message,
        string errorId,
        PixelCnnErrorKind kind,
        object? target,
        Exception? inner = null
    ) => this.ThrowTerminatingError(new PixelCnnException(message, errorId, kind, target, inner).ToErrorRecord());

    /// <summary>Reports a non-terminating error and goes on.</summary>
    protected void WriteError(
        string message,
        string errorId,
        PixelCnnErrorKind kind,
        object? target,
        Exception? inner = null
    ) => this.WriteError(new PixelCnnException(message, errorId, kind, target, inner).ToErrorRecord());

    /// <summary>
    /// Checks a file about to be written whole: an existing file without -Force and a missing folder stop the
    /// cmdlet, or with <paramref name="stopOnFailure"/> false are reported for this file while the cmdlet goes on
    /// (Export-Png's one file per image); then asks ShouldProcess. True when the file should be written.
    /// </summary>
    protected bool ConfirmOutputFile(string target, bool force, string action, bool stopOnFailure = true)
    {
        PixelCnnException? failure =
            System.IO.File.Exists(target) && !force
                ? new(
                    $"'{target}' already exists; add -Force to overwrite it.",
                    "FileExists",
                    PixelCnnErrorKind.ResourceExists,
                    target
                )
            : !System.IO.Directory.Exists(System.IO.Path.GetDirectoryName(target))
                ? new(
                    $"The folder of '{target}' does not exist.",
                    "FolderNotFound",
                    PixelCnnErrorKind.ObjectNotFound,
                    target
                )
            : null;
        if (failure is null)
        {
            return this.ShouldProcess(target, action);
        }

        if (stopOnFailure)
        {
            this.ThrowTerminating(failure);
        }

        this.WriteError(failure.ToErrorRecord());
        return false;
    }

    /// <summary>
    /// Writes a file just written as the provider's item (a FileInfo with PSPath and the usual columns).
    /// </summary>
    protected void WriteFileItem(string path)
    {
        foreach (PSObject item in this.InvokeProvider.Item.Get(new[] { path }, force: true, literalPath: true))
        {
            this.WriteObject(item);
        }
    }

    /// <summary>A file-system path resolved against the current location (it need not exist yet).</summary>
    protected string ResolveFileSystemPath(string path)
    {
        string resolved = this.SessionState.Path.GetUnresolvedProviderPathFromPSPath(
            path,
            out ProviderInfo provider,
            out _
        );
        if (provider.Name != "FileSystem")
        {
            this.ThrowTerminating(
                $"'{path}' is not a file-system path (provider {provider.Name}).",
                "NotFileSystemPath",
                PixelCnnErrorKind.InvalidArgument,
                path
            );
        }

        return resolved;
    }
}
