using System;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using PixelCnn.Devices;
using PixelCnn.Errors;
using PixelCnn.Model;
using PixelCnn.Shipped;

namespace PixelCnn.Commands;

/// <summary>
/// The session's current model: the last one created, imported or trained in a runspace. Cmdlets use it when
/// no -Model is given. Each runspace has its own, so ForEach-Object -Parallel runspaces do not interfere.
/// A model the session loaded by itself (the shipped default, when a sampling cmdlet found no model) belongs to the
/// session: when another model replaces it, it is disposed as soon as no running command uses it (commands lease the
/// model they run with), so its memory (on a GPU, device memory) does not wait for the finalizer. Models the user
/// created or imported are the user's (they may hold them in variables) and are never disposed here;
/// <c>$model.Dispose()</c> frees one early.
/// </summary>
public static class CurrentModel
{
    private static readonly ConditionalWeakTable<Runspace, Slot> Models = new();

    /// <summary>The current runspace's model, or null.</summary>
    public static PixelCnnModel? Get() =>
        Runspace.DefaultRunspace is Runspace runspace
        && Models.TryGetValue(runspace, out Slot? slot)
        && !slot.Model.IsDisposed
            ? slot.Model
            : null;

    /// <summary>
    /// Makes <paramref name="model"/> the current runspace's model (the user's, even if the session loaded it: a cmdlet
    /// that sets the model it was given may hand it out). A session-owned model it replaces is disposed.
    /// </summary>
    public static void Set(PixelCnnModel model) => Set(model, ownedBySession: false);

    private static void Set(PixelCnnModel model, bool ownedBySession)
    {
        if (Runspace.DefaultRunspace is Runspace runspace)
        {
            if (
                Models.TryGetValue(runspace, out Slot? previous)
                && previous.OwnedBySession
                && !ReferenceEquals(previous.Model, model)
            )
            {
                ModelLeases.DisposeWhenIdle(previous.Model);
            }

            Models.AddOrUpdate(runspace, new Slot(model, ownedBySession));
        }
    }

    /// <summary>The explicit model if given, else the current one, else an error that says what to run.</summary>
    public static PixelCnnModel Resolve(PixelCnnModel? explicitModel) => explicitModel ?? Get() ?? throw NoModel();

    /// <summary>
    /// Like <see cref="Resolve(PixelCnnModel?)"/>, but with no model in the session the shipped default model is
    /// loaded (it becomes the current model) and <paramref name="verbose"/> says so.
    /// </summary>
    public static PixelCnnModel ResolveOrDefault(PixelCnnModel? explicitModel, Action<string> verbose)
    {
        PixelCnnModel? model = explicitModel ?? Get();
        if (model is not null)
        {
            return model;
        }

        // The default is the unconditional shipped model with the lowest recorded test bits/dim: the records are read
        // once, here, and the model is loaded by its own name.
        if (ShippedModels.Catalog.DefaultModel() is not string name || !ShippedModels.Exists(name))
        {
            throw NoModel();
        }

        model = ShippedModels.Load(name, ComputeDeviceResolver.Resolve(ComputeDevice.Auto));
        Set(model, ownedBySession: true);
        verbose(
            $"No model in this session: using the shipped default model, {name} ('{model.Source}', the "
                + $"unconditional shipped model with the lowest test bits/dim): {model}."
        );
        return model;
    }

    private sealed record Slot(PixelCnnModel Model, bool OwnedBySession);

    private static PixelCnnException NoModel() =>
        new(
            "There is no PixelCNN model in this session. Create one with New-PixelCnn, load one with Import-PixelCnn "
                + "-Path <file.safetensors>, or pass -Model.",
            "NoModel",
            PixelCnnErrorKind.ObjectNotFound,
            null
        );
}
