using PixelCnn.Errors;
using PixelCnn.Model;

namespace PixelCnn.Sampling;

/// <summary>
/// Classifier-free guidance for a class-conditional model: at every pixel the sampler draws from
/// softmax(c + w (c - u)), where c are the conditional model's logits for the image's label and u the unconditional
/// logits for the same pixels so far: a second, unconditional model's, or (null) the conditional model's own without a
/// label (<see cref="Networks.AutoregressiveNetwork.NoLabel"/>), which a model trained with label dropout knows. w = 0
/// is plain conditional sampling; a larger w pushes each pixel towards what the label makes more likely than it is
/// without the label. One more network evaluation per pixel (its own cached state); the images' log-likelihoods stay
/// those of the conditional model. Made only by <see cref="For"/>, which checks the models once.
/// </summary>
public sealed class Guidance
{
    private Guidance(PixelCnnModel conditional, PixelCnnModel? unconditional, double weight)
    {
        this.Conditional = conditional;
        this.Unconditional = unconditional;
        this.Weight = weight;
    }

    /// <summary>The conditional model this guidance was checked for (the one the sampler draws with).</summary>
    public PixelCnnModel Conditional { get; }

    /// <summary>
    /// The unconditional model (same device and size; any architecture), or null for the conditional model without
    /// its label.
    /// </summary>
    public PixelCnnModel? Unconditional { get; }

    /// <summary>The guidance weight w (0 or more).</summary>
    public double Weight { get; }

    /// <summary>True when the unconditional logits are the conditional model's own without a label.</summary>
    public bool WithoutLabel => this.Unconditional is null;

    /// <summary>
    /// The guidance of <paramref name="conditional"/> by <paramref name="unconditional"/> (null: itself without a
    /// label) at <paramref name="weight"/>; stops with an error that says what is wrong when they cannot guide.
    /// </summary>
    public static Guidance For(PixelCnnModel conditional, PixelCnnModel? unconditional, double weight)
    {
        if (!(weight >= 0) || double.IsInfinity(weight))
        {
            throw Refusal($"A guidance weight is 0 or more, not {weight}.", "InvalidGuidance", weight);
        }

        if (!conditional.Conditional)
        {
            throw Refusal(
                $"Guidance needs a class-conditional model to guide; {conditional} has no labels.",
                "GuidanceNeedsConditionalModel",
                conditional
            );
        }

        if (unconditional is null)
        {
            return conditional.KnowsNoLabel
                ? new Guidance(conditional, null, weight)
                : throw Refusal(
                    $"{conditional} was not trained with label dropout, so it does not know how to draw without a "
                        + "label: guidance needs an unconditional model beside it.",
                    "GuidanceNeedsUnconditionalModel",
                    conditional
                );
        }

        CheckPair(conditional, unconditional);
        return new Guidance(conditional, unconditional, weight);
    }

    private static void CheckPair(PixelCnnModel conditional, PixelCnnModel unconditional)
    {
        if (unconditional.Conditional)
        {
            throw Refusal(
                $"The unconditional model of guidance takes no labels; {unconditional} is conditional.",
                "GuidanceNeedsUnconditionalModel",
                unconditional
            );
        }

        if (unconditional.Device != conditional.Device)
        {
            throw Refusal(
                $"The unconditional model is on {unconditional.Device}, the conditional model on "
                    + $"{conditional.Device}: guidance needs both on one device.",
                "GuidanceDeviceMismatch",
                unconditional
            );
        }

        if (unconditional.Shape != conditional.Shape)
        {
            throw Refusal(
                $"The unconditional model draws {unconditional.Shape} images, the conditional model "
                    + $"{conditional.Shape}: guidance needs one size.",
                "GuidanceShapeMismatch",
                unconditional
            );
        }
    }

    private static PixelCnnException Refusal(string message, string id, object target) =>
        new(message, id, PixelCnnErrorKind.InvalidArgument, target);
}
