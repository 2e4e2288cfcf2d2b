using System;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using PixelCnn.Errors;

namespace PixelCnn.Model;

/// <summary>
/// The session's current model: the last one created, imported or trained in a runspace. Cmdlets use it when
/// no -Model is given. Each runspace has its own, so ForEach-Object -Parallel runspaces do not interfere.
/// </summary>
public static class CurrentModel
{
    private static readonly ConditionalWeakTable<Runspace, PixelCnnModel> Models = new();

    /// <summary>The current runspace's model, or null.</summary>
    public static PixelCnnModel? Get() =>
        Runspace.DefaultRunspace is Runspace runspace && Models.TryGetValue(runspace, out PixelCnnModel? model) && !model.IsDisposed ? model : null;

    /// <summary>Makes <paramref name="model"/> the current runspace's model.</summary>
    public static void Set(PixelCnnModel model)
    {
        if (Runspace.DefaultRunspace is Runspace runspace)
        {
            Models.AddOrUpdate(runspace, model);
        }
    }

    /// <summary>The explicit model if given, else the current one, else an error that says what to run.</summary>
    public static PixelCnnModel Resolve(PixelCnnModel? explicitModel) =>
        explicitModel ?? Get() ?? throw NoModel();

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

        if (!ShippedModels.Exists(ShippedModels.DefaultName))
        {
            throw NoModel();
        }

        model = ShippedModels.Load(ShippedModels.DefaultName, ComputeDeviceResolver.Resolve(ComputeDevice.Auto));
        Set(model);
        verbose($"No model in this session: using the shipped default model '{ShippedModels.PathOf(ShippedModels.DefaultName)}' ({model}).");
        return model;
    }

    private static PixelCnnException NoModel() => new(
        "There is no PixelCNN model in this session. Create one with New-PixelCnn, load one with Import-PixelCnn -Path <file.safetensors>, or pass -Model.",
        "NoModel", ErrorCategory.ObjectNotFound, null);
}
