using PixelCnn.Numerics;
using TorchSharp.Modules;

namespace PixelCnn.Optimization;

/// <summary>
/// One step of TorchSharp's <see cref="Adam"/> (PyTorch's Adam without weight decay, AMSGrad or maximize), on the
/// optimizer's own state and parameter groups, with Scalars this code owns: TorchSharp's <c>Adam.step</c> makes about
/// seven Scalars per parameter per step and leaves them to the finalizer, which a collection on another thread can run
/// during the native call (<see cref="Scalars"/>). The operations and their order are TorchSharp's, so the weights and
/// the state (saved with TorchSharp's <c>save_state_dict</c>) are the same to the last bit.
/// </summary>
internal static class AdamStep
{
    /// <summary>Updates every parameter of <paramref name="optimizer"/> that has a gradient.</summary>
    public static void Apply(Adam optimizer)
    {
        List<OptimizerState> states = optimizer.state_dict().State; // the live records, in the groups' parameter order
        int index = 0;
        using var noGrad = torch.no_grad();
        foreach (Adam.ParamGroup group in optimizer.ParamGroups.Cast<Adam.ParamGroup>())
        {
            var options = (Adam.Options)group.Options;
            if (options.weight_decay is not (null or 0.0) || options.amsgrad == true || options.maximize == true)
            {
                throw new NotSupportedException(
                    "AdamStep implements Adam without weight decay, AMSGrad or maximize, as the module creates it."
                );
            }

            double beta1 = options.beta1!.Value,
                beta2 = options.beta2!.Value,
                learningRate = options.LearningRate!.Value;
            using Scalar keep1 = beta1,
                take1 = 1 - beta1,
                keep2 = beta2,
                take2 = 1 - beta2,
                eps = options.eps!.Value;
            foreach (Parameter parameter in group.Parameters)
            {
                var state = (Adam.State)states[index++];
                using var scope = torch.NewDisposeScope();
                Tensor? grad = parameter.grad;
                if (grad is null)
                {
                    continue;
                }

                state.step += 1;
                double correction1 = 1 - Math.Pow(beta1, state.step);
                double correction2 = 1 - Math.Pow(beta2, state.step);
                state.exp_avg.mul_(keep1).add_(grad, take1);
                state.exp_avg_sq.mul_(keep2).addcmul_(grad, grad.conj(), take2);
                using Scalar root2 = Math.Sqrt(correction2),
                    stepSize = -(learningRate / correction1);
                Tensor denominator = state.exp_avg_sq.sqrt().div(root2).add_(eps, Scalars.One);
                parameter.addcdiv_(state.exp_avg, denominator, stepSize);
            }
        }
    }
}
