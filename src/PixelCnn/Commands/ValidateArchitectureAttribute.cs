using System;
using System.Management.Automation;
using PixelCnn.Architectures;

namespace PixelCnn.Commands;

/// <summary>
/// Accepts only a name the architecture registry knows (ignoring case), and says which ones it knows.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateArchitectureAttribute : ValidateArgumentsAttribute
{
    /// <inheritdoc/>
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        if (ArchitectureRegistry.Find(arguments?.ToString()) is null)
        {
            throw new ValidationMetadataException(
                $"There is no architecture '{arguments}'. Choose one of: "
                    + $"{string.Join(", ", ArchitectureRegistry.Names)}."
            );
        }
    }
}
