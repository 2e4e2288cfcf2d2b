using PixelCnn.Devices;
using PixelCnn.Networks;
using PixelCnn.Numerics;

namespace PixelCnn.Model;

/// <summary>
/// Measures a receptive field with autograd: the gradient of one pixel's 256 logits (their squared sum) with
/// respect to the input, on a few random images, in evaluation mode (in training mode BatchNorm's batch
/// statistics mix every pixel into every other). The union of non-zero gradients is the field.
/// </summary>
public static class ReceptiveFieldProbe
{
    /// <summary>Measures the field of (row, column) in an image of the model's size.</summary>
    public static PixelCnnReceptiveField Measure(
        PixelCnnModel model,
        int row,
        int column,
        int probes = 4,
        long seed = 1
    )
    {
        (int height, int width) = model.Shape;
        if (row < 0 || row >= height || column < 0 || column >= width)
        {
            throw new Errors.PixelCnnException(
                $"The pixel ({row},{column}) is outside the model's {model.Shape} image: rows 0 to {height - 1}, "
                    + $"columns 0 to {width - 1}.",
                "PixelOutsideImage",
                Errors.PixelCnnErrorKind.InvalidArgument,
                (row, column)
            );
        }

        AutoregressiveNetwork network = model.Network;
        bool wasTraining = network.training;
        network.eval();
        try
        {
            using var scope = torch.NewDisposeScope();
            using var generator = new torch.Generator((ulong)seed);
            Tensor input = torch
                .rand(new long[] { probes, 1, height, width }, generator: generator)
                .to(model.TorchDevice)
                .requires_grad_(true);
            Tensor? labels = model.Conditional
                ? model.LabelTensor(Enumerable.Range(0, probes).Select(i => (int?)(i % model.Classes)).ToArray())
                : null;
            Tensor logits = network.Forward(input, labels);
            Tensor selected = logits[.., .., 0, row, column];
            Tensor objective = selected.pow(Scalars.Two).sum();
            Tensor gradient = torch.autograd.grad(new[] { objective }, new[] { input })[0];
            Tensor influence = gradient.abs().sum(dim: 0).reshape(-1).ne(Scalars.Zero).to(ScalarType.Byte);
            bool[] field = HostTransfer
                .Download<byte>(influence, HostTransfer.ReceptiveField)
                .Select(b => b != 0)
                .ToArray();
            return new PixelCnnReceptiveField(row, column, height, width, field);
        }
        finally
        {
            network.train(wasTraining);
        }
    }
}
