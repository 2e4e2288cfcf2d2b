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
        explicitModel ?? Get() ?? throw new PixelCnnException(
            "There is no PixelCNN model in this session. Create one with New-PixelCnn, load one with Import-PixelCnn -Path <file.safetensors>, or pass -Model.",
            "NoModel", ErrorCategory.ObjectNotFound, null);
}
