using System;
using System.Collections.Generic;
using System.Linq;
using PixelCnn.Checkpoints;
using PixelCnn.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace PixelCnn.Sampling;

/// <summary>
/// The tutorial's PixelCNN in evaluation mode, rewritten for one pixel at a time: every BatchNorm folded into the
/// convolution before it (y = s*(Wx + b) + t with s = gamma / sqrt(var + eps), t = beta - s*mean), every masked
/// convolution reduced to its open taps, every 1x1 convolution to a matrix. Weights are transposed for addmm.
/// </summary>
internal sealed class FoldedPixelCnn : IDisposable
{
    /// <summary>Offsets (row, column) of the open taps of the 7x7 type-A input mask, in kernel order.</summary>
    public static readonly (int Row, int Column)[] InputTaps = Taps(ConvolutionMask.Create(MaskType.A, 7, 7), 1);

    private readonly DisposeScope scope;

    private FoldedPixelCnn(DisposeScope scope) => this.scope = scope;

    /// <summary>Hidden size h.</summary>
    public int HiddenDim { get; private init; }

    /// <summary>Input layer: [24, 2h] weight (transposed) and [2h] bias.</summary>
    public (Tensor Weight, Tensor Bias) Input { get; private init; }

    /// <summary>The residual blocks.</summary>
    public IReadOnlyList<FoldedBlock> Blocks { get; private init; } = Array.Empty<FoldedBlock>();

    /// <summary>Head 1x1 2h->2h with BatchNorm folded: [2h, 2h] (transposed) and [2h].</summary>
    public (Tensor Weight, Tensor Bias) Head { get; private init; }

    /// <summary>Output 1x1 2h->256: [2h, 256] (transposed) and [256].</summary>
    public (Tensor Weight, Tensor Bias) Output { get; private init; }

    /// <summary>Folds the model's current weights (the network is not changed).</summary>
    public static FoldedPixelCnn From(PixelCnnModel model)
    {
        IReadOnlyDictionary<string, Tensor> state = StateLoader.StateTensors(model.Network);
        var scope = torch.NewDisposeScope();
        try
        {
            using var noGrad = torch.no_grad();
            int h = model.HiddenDim;
            var blocks = new List<FoldedBlock>();
            for (int k = 0; k < PixelCnnNetwork.Dilations.Count; k++)
            {
                string p = $"layers.{3 + k}.block";
                int d = PixelCnnNetwork.Dilations[k];
                var taps = Taps(ConvolutionMask.Create(MaskType.B, 3, 3), d);
                blocks.Add(new FoldedBlock(
                    d,
                    taps,
                    Fold(Matrix(state[$"{p}.0.weight"]), state[$"{p}.0.bias"], state, $"{p}.1"),
                    Fold(TapMatrix(state[$"{p}.3.conv.weight"] * state[$"{p}.3.mask"], ConvolutionMask.Create(MaskType.B, 3, 3)), state[$"{p}.3.conv.bias"], state, $"{p}.4"),
                    Fold(Matrix(state[$"{p}.6.weight"]), state[$"{p}.6.bias"], state, $"{p}.7")));
            }

            var folded = new FoldedPixelCnn(scope)
            {
                HiddenDim = h,
                Input = Fold(TapMatrix(state["layers.0.conv.weight"] * state["layers.0.mask"], ConvolutionMask.Create(MaskType.A, 7, 7)), state["layers.0.conv.bias"], state, "layers.1"),
                Blocks = blocks,
                Head = Fold(Matrix(state["layers.10.weight"]), state["layers.10.bias"], state, "layers.11"),
                Output = (Matrix(state["layers.13.weight"]).t().contiguous(), state["layers.13.bias"].clone()),
            };
            return folded;
        }
        catch
        {
            scope.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => this.scope.Dispose();

    /// <summary>The open taps of a mask as offsets from the kernel centre, scaled by the dilation.</summary>
    private static (int Row, int Column)[] Taps(float[,] mask, int dilation)
    {
        int rows = mask.GetLength(0), columns = mask.GetLength(1);
        var taps = new List<(int, int)>();
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                if (mask[r, c] != 0)
                {
                    taps.Add(((r - (rows / 2)) * dilation, (c - (columns / 2)) * dilation));
                }
            }
        }

        return taps.ToArray();
    }

    /// <summary>A 1x1 convolution weight [out, in, 1, 1] as a matrix [out, in].</summary>
    private static Tensor Matrix(Tensor weight) => weight.reshape(weight.shape[0], weight.shape[1]);

    /// <summary>A masked kernel [out, in, k, k] as [out, in * taps], taps in kernel order (input-channel major).</summary>
    private static Tensor TapMatrix(Tensor weight, float[,] mask)
    {
        long k = weight.shape[2];
        var open = new List<long>();
        for (int r = 0; r < k; r++)
        {
            for (int c = 0; c < k; c++)
            {
                if (mask[r, c] != 0)
                {
                    open.Add((r * k) + c);
                }
            }
        }

        Tensor flat = weight.reshape(weight.shape[0], weight.shape[1], k * k);
        Tensor taps = flat.index_select(2, torch.tensor(open.ToArray(), ScalarType.Int64, weight.device));
        return taps.reshape(weight.shape[0], -1);
    }

    /// <summary>Folds the BatchNorm at <paramref name="norm"/> into weight [out, in] and bias; returns them transposed for addmm.</summary>
    private static (Tensor Weight, Tensor Bias) Fold(Tensor weight, Tensor bias, IReadOnlyDictionary<string, Tensor> state, string norm)
    {
        Tensor scale = state[$"{norm}.weight"] / (state[$"{norm}.running_var"] + 1e-5).sqrt();
        Tensor shift = state[$"{norm}.bias"] - (scale * state[$"{norm}.running_mean"]);
        Tensor foldedWeight = (weight * scale.unsqueeze(1)).t().contiguous();
        Tensor foldedBias = (bias * scale) + shift;
        return (foldedWeight, foldedBias);
    }
}

/// <summary>One residual block of <see cref="FoldedPixelCnn"/>.</summary>
/// <param name="Dilation">Dilation of its masked convolution.</param>
/// <param name="Taps">Offsets of the masked convolution's open taps, dilation applied.</param>
/// <param name="Narrow">1x1 2h->h with BatchNorm folded (transposed weight, bias).</param>
/// <param name="Masked">Masked 3x3 h->h with BatchNorm folded: [h * taps, h] (transposed), bias.</param>
/// <param name="Widen">1x1 h->2h with BatchNorm folded (transposed weight, bias).</param>
internal sealed record FoldedBlock(int Dilation, (int Row, int Column)[] Taps, (Tensor Weight, Tensor Bias) Narrow, (Tensor Weight, Tensor Bias) Masked, (Tensor Weight, Tensor Bias) Widen);
