using System;
using System.Management.Automation;
using PixelCnn.Devices;
using PixelCnn.Errors;
using PixelCnn.Model;
using PixelCnn.Sampling;

namespace PixelCnn.Commands;

/// <summary>
/// A cmdlet that draws pixels from a model (Get-PixelCnnSample, Complete-PixelCnnImage): the sampling parameters they
/// share and the <see cref="SamplingOptions"/> those resolve to for a model, guidance included.
/// </summary>
public abstract class SamplingCmdlet : PixelCnnCmdlet
{
    [Parameter]
    public long? Seed { get; set; }

    [Parameter]
    [ValidateRange(0.01, 100.0)]
    public double Temperature { get; set; } = 1.0;

    [Parameter]
    [ValidateRange(0.0, 100.0)]
    public double? Guidance { get; set; }

    [Parameter]
    [ValidateNotNull]
    public PixelCnnModel? UnconditionalModel { get; set; }

    [Parameter]
    [ValidateRange(1, 4096)]
    public int? BatchSize { get; set; }

    [Parameter]
    public SamplerKind Sampler { get; set; } = SamplerKind.Cached;

    /// <summary>
    /// The options for sampling from <paramref name="model"/>: the sampler (with a warning when Cached falls back to
    /// Naive), -BatchSize or the device's default, -Seed or a new random seed, -Temperature and the guidance.
    /// </summary>
    /// <exception cref="PixelCnnException">The guidance does not fit the model.</exception>
    protected SamplingOptions ResolveOptions(PixelCnnModel model)
    {
        SamplerKind sampler = RasterSampler.Choose(model, this.Sampler, out string? warning);
        if (warning is not null)
        {
            this.WriteWarning(warning);
        }

        return new SamplingOptions
        {
            Kind = sampler,
            BatchSize = this.BatchSize ?? DeviceDefaults.SamplingBatchSize(model.TorchDevice),
            Seed = this.Seed ?? Random.Shared.NextInt64(0, int.MaxValue),
            Temperature = this.Temperature,
            Guidance = this.ResolveGuidance(model),
        };
    }

    /// <summary>
    /// The guidance of -Guidance and -UnconditionalModel for <paramref name="model"/>: -Guidance, else the model's
    /// DefaultGuidance, else none (and none at weight 0). With no unconditional model: the model itself without a label
    /// when it was trained with label dropout, else the shipped default model on the conditional model's device
    /// (disposed with the cmdlet).
    /// </summary>
    private Guidance? ResolveGuidance(PixelCnnModel model)
    {
        double? weight = this.Guidance;
        PixelCnnModel? unconditional = this.UnconditionalModel;
        if (weight is null && model.Conditional && model.DefaultGuidance is double byDefault && byDefault > 0)
        {
            weight = byDefault;
            this.WriteVerbose(
                $"Guidance {byDefault}: the model's DefaultGuidance (-Guidance 0 samples without guidance)."
            );
        }

        if (weight is not double w || (w == 0 && unconditional is null))
        {
            if (unconditional is not null)
            {
                throw new PixelCnnException(
                    "-UnconditionalModel guides sampling only with -Guidance <weight>.",
                    "GuidanceWeightMissing",
                    PixelCnnErrorKind.InvalidArgument,
                    unconditional
                );
            }

            return null;
        }

        if (unconditional is null && model.KnowsNoLabel)
        {
            this.WriteVerbose(
                $"Guiding {model} at weight {w} with its own logits without a label (it was trained with label "
                    + $"dropout {model.TrainingState.LabelDropout})."
            );
        }
        else if (unconditional is null)
        {
            if (!Shipped.ShippedModels.Exists(Shipped.ShippedModels.DefaultName))
            {
                throw new PixelCnnException(
                    "-Guidance needs an unconditional model: pass -UnconditionalModel (no shipped default model is "
                        + "installed).",
                    "GuidanceNeedsUnconditionalModel",
                    PixelCnnErrorKind.ObjectNotFound,
                    null
                );
            }

            unconditional = this.Own(Shipped.ShippedModels.Load(Shipped.ShippedModels.DefaultName, model.TorchDevice));
            this.WriteVerbose($"Guiding with the shipped default model {unconditional} at weight {w}.");
        }

        return Sampling.Guidance.For(model, unconditional, w);
    }
}
