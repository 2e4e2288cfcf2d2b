using System;
using System.Collections.Generic;
using PixelCnn.Errors;

namespace PixelCnn.Commands;

/// <summary>
/// What a user at the shell does about a failure of the core library, in this module's cmdlets and parameters. The
/// core's messages say what is wrong in the terms of the model (a guidance weight, a class-conditional model, label
/// dropout); the error record's message adds the remedy from here, by error id. Failures the cmdlets raise themselves
/// already speak of parameters and get nothing added.
/// </summary>
internal static class ShellAdvice
{
    private const string ConditionalModel =
        "a conditional model (New-PixelCnn -Architecture Gated -Conditional, or the shipped GatedConditional)";

    private const string TrainConditional =
        "train a conditional model (New-PixelCnn -Conditional, or -InitializeFrom with -Conditional)";

    /// <summary>The remedy of each error id the core raises that a shell user can act on.</summary>
    internal static readonly IReadOnlyDictionary<string, string> ById = new Dictionary<string, string>(
        StringComparer.Ordinal
    )
    {
        ["BFloat16NotSupported"] = "Use -Precision Float32 or Auto.",
        ["ConditionalNeedsGated"] = "Leave out -Conditional, or use it with -Architecture Gated.",
        ["CudaNotAvailable"] =
            "Use -Device Cpu, or on a machine with an NVIDIA GPU build the module with "
            + "'./build.ps1 -Task Build -Backend Cuda'.",
        ["GuidanceDeviceMismatch"] = "Import both models with the same -Device (Import-PixelCnn -Device).",
        ["GuidanceNeedsConditionalModel"] = $"Leave out -Guidance, or use {ConditionalModel}.",
        ["GuidanceNeedsUnconditionalModel"] =
            "Pass -UnconditionalModel a model without labels (such as the shipped Default), or train the conditional "
            + "model with Start-PixelCnnTraining -LabelDropout 0.1.",
        ["InvalidGuidance"] = "Give -Guidance 0 or more (0 samples without guidance).",
        ["InvalidLabelDropout"] = "Give -LabelDropout a share such as 0.1, or leave it out.",
        ["LabelCountMismatch"] = "Give -Label one label for every image, or one per image.",
        ["LabelDropoutNeedsConditionalModel"] = $"Leave out -LabelDropout, or {TrainConditional}.",
        ["LabelLearningRateScaleChange"] = "Pass -LabelLearningRateScale as before (leave it out for 1).",
        ["LabelLearningRateScaleNeedsConditionalModel"] = $"Leave out -LabelLearningRateScale, or {TrainConditional}.",
        ["LabelNeedsConditionalModel"] = $"Leave out -Label, or use {ConditionalModel}.",
        ["LabelRequired"] =
            "Give images that carry a Label (Import-Mnist, Import-PixelCnnDataset -LabelFromFolder), or "
            + "Get-PixelCnnSample -Label.",
        ["NonFiniteLoss"] = "Try a smaller -LearningRate.",
        ["ScheduleEnded"] = "Pass -ScheduleEpochs above the model's Epoch to train on.",
        ["ShippedModelNotFound"] =
            "Train one with examples/Train-ShippedModel.ps1, or create a model with New-PixelCnn.",
        ["TrainedWeightsNotKept"] =
            "Import it without -TrainedWeights, or use a checkpoint the training wrote (Save-PixelCnn without "
            + "-ExcludeOptimizerState).",
    };

    /// <summary>
    /// The failure as the shell shows it: a failure the core threw, with the remedy of its id after the core's
    /// message (the core's exception inside); any other as it is.
    /// </summary>
    public static PixelCnnException InShell(PixelCnnException exception) =>
        exception.TargetSite?.Module.Assembly == typeof(PixelCnnException).Assembly
        && ById.TryGetValue(exception.ErrorId, out string? advice)
            ? new PixelCnnException(
                $"{exception.Message} {advice}",
                exception.ErrorId,
                exception.Kind,
                exception.Target,
                exception
            )
            : exception;
}
