using PixelCnn.Data;
using PixelCnn.Errors;
using PixelCnn.Model;
using PixelCnn.Training;

namespace PixelCnn.Optimization;

/// <summary>
/// What must hold before a training run changes anything: data to train on, a schedule that has not ended, an Adam
/// state that fits the label learning rate, and a label dropout the model can use.
/// </summary>
internal static class TrainingChecks
{
    /// <summary>
    /// Stops before anything changes when the data, the schedule or the options cannot train this model.
    /// </summary>
    public static void Check(PixelCnnModel model, TrainingOptions options, ImageDataset data)
    {
        TrainingState state = model.TrainingState;
        if (data.Count == 0)
        {
            throw new PixelCnnException(
                "The training data has no images.",
                "EmptyTrainingData",
                PixelCnnErrorKind.InvalidData,
                data
            );
        }

        CheckSchedule(model, options.Schedule);
        CheckLabels(model, options);
    }

    /// <summary>
    /// The schedule must not have ended, and must keep the label parameters in the Adam groups the model's state has.
    /// </summary>
    private static void CheckSchedule(PixelCnnModel model, LearningRateSchedule schedule)
    {
        TrainingState state = model.TrainingState;
        if (schedule.EndsBefore(state.Epoch + 1))
        {
            throw new PixelCnnException(
                $"The model's cosine schedule ended at epoch {schedule.Epochs} and the learning rate is zero after "
                    + $"it; training on needs a schedule longer than the {state.Epoch} epochs trained.",
                "ScheduleEnded",
                PixelCnnErrorKind.InvalidOperation,
                schedule
            );
        }

        bool scaledBefore = state.Schedule?.ScalesLabels ?? false;
        if (
            state.HasOptimizerState
            && model.Network.LabelParameterNames().Any()
            && scaledBefore != schedule.ScalesLabels
        )
        {
            string kept = scaledBefore
                ? "with the label parameters in a group of their own"
                : "with one learning rate for every parameter";
            string asked = schedule.ScalesLabels
                ? $"with the label parameters' learning rate scaled by {schedule.LabelScale}"
                : "with one learning rate";
            string pass = scaledBefore ? "above or below 1" : "1";
            throw new PixelCnnException(
                $"This model's Adam state was kept {kept}, so it cannot go on {asked}; its label learning rate "
                    + $"scale must be {pass}.",
                "LabelLearningRateScaleChange",
                PixelCnnErrorKind.InvalidArgument,
                schedule.LabelScale
            );
        }
    }

    /// <summary>A label learning rate and label dropout only for a conditional model; dropout below 1.</summary>
    private static void CheckLabels(PixelCnnModel model, TrainingOptions options)
    {
        if (options.Schedule.ScalesLabels && !model.Conditional)
        {
            throw new PixelCnnException(
                "A label learning rate scale sets the learning rate of a class-conditional model's label "
                    + $"parameters; {model} has none.",
                "LabelLearningRateScaleNeedsConditionalModel",
                PixelCnnErrorKind.InvalidArgument,
                options.Schedule.LabelScale
            );
        }

        if (options.LabelDropout is < 0 or >= 1 || double.IsNaN(options.LabelDropout))
        {
            throw new PixelCnnException(
                $"Label dropout is a share of the images from 0 up to (not including) 1, not {options.LabelDropout}.",
                "InvalidLabelDropout",
                PixelCnnErrorKind.InvalidArgument,
                options.LabelDropout
            );
        }

        if (options.LabelDropout > 0 && !model.Conditional)
        {
            throw new PixelCnnException(
                $"Label dropout trains a class-conditional model's images without their labels; {model} takes no "
                    + "labels.",
                "LabelDropoutNeedsConditionalModel",
                PixelCnnErrorKind.InvalidArgument,
                options.LabelDropout
            );
        }
    }
}
