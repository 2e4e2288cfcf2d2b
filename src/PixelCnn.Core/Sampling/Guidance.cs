using PixelCnn.Errors;
using PixelCnn.Model;

namespace PixelCnn.Sampling;

/// <summary>
/// Classifier-free guidance for a class-conditional model: at every pixel the sampler draws from
/// softmax(c + w (c - u)), where c are the conditional model's logits for the image's label and u the unconditional
/// logits for the same pixels so far: a second, unconditional model's, or (null) the conditional model's own without a
/// label (<see cref="Networks.AutoregressiveNetwork.NoLabel"/>), which a model trained with label dropout knows. w = 0 is plain
/// conditional sampling; a larger w pushes each pixel towards what the label makes more likely than it is without the
/// label. One more network evaluation per pixel (its own cached state); the images' log-likelihoods stay
/// those of the conditional model.
/// </summary>
/// <param name="Unconditional">The unconditional model (same device; any architecture), or null for the conditional model without its label.</param>
/// <param name="Weight">The guidance weight w (0 or more).</param>
public sealed record Guidance(PixelCnnModel? Unconditional, double Weight)
{
    /// <summary>True when the unconditional logits are the conditional model's own without a label.</summary>
    public bool WithoutLabel => this.Unconditional is null;

    /// <summary>Stops with an error that says what is wrong when the two models cannot guide each other.</summary>
    public void Validate(PixelCnnModel conditional)
    {
        if (!conditional.Conditional)
        {
            throw new PixelCnnException(
                $"-Guidance needs a class-conditional model to guide; {conditional} has no labels. Use a conditional model (New-PixelCnn -Architecture Gated -Conditional, or the shipped GatedConditional).",
                "GuidanceNeedsConditionalModel", PixelCnnErrorKind.InvalidArgument, conditional);
        }

        if (this.Unconditional is null)
        {
            if (!(conditional.LabelDropout > 0))
            {
                throw new PixelCnnException(
                    $"{conditional} was not trained with -LabelDropout, so it does not know how to draw without a label; pass -UnconditionalModel, or train it with Start-PixelCnnTraining -LabelDropout 0.1.",
                    "GuidanceNeedsUnconditionalModel", PixelCnnErrorKind.InvalidArgument, conditional);
            }
        }
        else if (this.Unconditional.Conditional)
        {
            throw new PixelCnnException(
                $"-UnconditionalModel must be a model without labels; {this.Unconditional} is conditional.",
                "GuidanceNeedsUnconditionalModel", PixelCnnErrorKind.InvalidArgument, this.Unconditional);
        }

        if (this.Unconditional is not null && this.Unconditional.Device != conditional.Device)
        {
            throw new PixelCnnException(
                $"-UnconditionalModel is on {this.Unconditional.Device}, the conditional model on {conditional.Device}: put both on one device (Import-PixelCnn -Device).",
                "GuidanceDeviceMismatch", PixelCnnErrorKind.InvalidArgument, this.Unconditional);
        }

        if (this.Unconditional is not null && this.Unconditional.Shape != conditional.Shape)
        {
            throw new PixelCnnException(
                $"The unconditional model draws {this.Unconditional.Shape} images, the conditional model {conditional.Shape}: guidance needs one size.",
                "GuidanceShapeMismatch", PixelCnnErrorKind.InvalidArgument, this.Unconditional);
        }

        if (!(this.Weight >= 0) || double.IsInfinity(this.Weight))
        {
            throw new PixelCnnException($"-Guidance must be 0 or more, not {this.Weight}.", "InvalidGuidance", PixelCnnErrorKind.InvalidArgument, this.Weight);
        }
    }
}
