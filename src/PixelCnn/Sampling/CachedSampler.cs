using System;
using System.Collections.Generic;
using PixelCnn.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace PixelCnn.Sampling;

/// <summary>
/// The exact fast sampler of the tutorial's PixelCNN. Every layer's activation at a pixel depends only on inputs
/// before that pixel, so it is final just before the pixel is drawn: for each pixel in raster order the sampler
/// computes every layer at that one position and keeps, per residual block, the only activations a later position
/// reads again (the inputs of the dilated masked convolution) in a zero-padded cache. 1x1 convolutions and residual
/// adds are per pixel and need no cache. BatchNorm is folded into the convolutions (<see cref="FoldedPixelCnn"/>).
/// </summary>
internal sealed class CachedSampler : ExactSampler
{
    private const int InputPad = 3;   // the 7x7 input mask reaches 3 rows up and 3 columns left and right

    private readonly FoldedPixelCnn folded;
    private readonly DisposeScope indexScope;
    private readonly Tensor[] inputTapIndex = new Tensor[Pixels];
    private readonly Tensor[] inputWriteIndex = new Tensor[Pixels];
    private readonly Tensor[][] blockTapIndex;
    private readonly Tensor[][] blockWriteIndex;

    /// <summary>Prepares the folded weights and the gather and scatter indices of every pixel.</summary>
    public CachedSampler(PixelCnnModel model)
        : base(model)
    {
        this.folded = FoldedPixelCnn.From(model);
        this.indexScope = torch.NewDisposeScope();
        Device device = model.TorchDevice;
        int inputWidth = Width + (2 * InputPad);
        for (int p = 0; p < Pixels; p++)
        {
            int r = p / Width, c = p % Width;
            var taps = new long[FoldedPixelCnn.InputTaps.Length];
            for (int t = 0; t < taps.Length; t++)
            {
                taps[t] = ((r + InputPad + FoldedPixelCnn.InputTaps[t].Row) * inputWidth) + c + InputPad + FoldedPixelCnn.InputTaps[t].Column;
            }

            this.inputTapIndex[p] = torch.tensor(taps, ScalarType.Int64, device);
            this.inputWriteIndex[p] = torch.tensor(new long[] { ((r + InputPad) * inputWidth) + c + InputPad }, ScalarType.Int64, device);
        }

        this.blockTapIndex = new Tensor[this.folded.Blocks.Count][];
        this.blockWriteIndex = new Tensor[this.folded.Blocks.Count][];
        for (int k = 0; k < this.folded.Blocks.Count; k++)
        {
            FoldedBlock block = this.folded.Blocks[k];
            int d = block.Dilation, cacheWidth = Width + (2 * d);
            this.blockTapIndex[k] = new Tensor[Pixels];
            this.blockWriteIndex[k] = new Tensor[Pixels];
            for (int p = 0; p < Pixels; p++)
            {
                int r = p / Width, c = p % Width;
                var taps = new long[block.Taps.Length];
                for (int t = 0; t < taps.Length; t++)
                {
                    taps[t] = ((r + d + block.Taps[t].Row) * cacheWidth) + c + d + block.Taps[t].Column;
                }

                this.blockTapIndex[k][p] = torch.tensor(taps, ScalarType.Int64, device);
                this.blockWriteIndex[k][p] = torch.tensor(new long[] { ((r + d) * cacheWidth) + c + d }, ScalarType.Int64, device);
            }
        }
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        this.indexScope.Dispose();
        this.folded.Dispose();
    }

    /// <inheritdoc/>
    protected override (byte[] Images, double[] LogLikelihoods)? Run(int size, Tensor? uniforms, double temperature, Tensor? given, Tensor? labels, Func<bool> stop, Action<long> progress, List<Tensor>? logitsOut)
    {
        Device device = this.Model.TorchDevice;
        int h = this.folded.HiddenDim;
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        Tensor input = torch.zeros(new long[] { size, (Height + InputPad) * (Width + (2 * InputPad)) }, ScalarType.Float32, device);
        var caches = new Tensor[this.folded.Blocks.Count];
        for (int k = 0; k < caches.Length; k++)
        {
            int d = this.folded.Blocks[k].Dilation;
            caches[k] = torch.zeros(new long[] { size, h, (Height + (2 * d)) * (Width + (2 * d)) }, ScalarType.Float32, device);
        }

        Tensor values = torch.zeros(new long[] { size, Pixels }, ScalarType.Int64, device);
        Tensor logLikelihood = torch.zeros(new long[] { size }, ScalarType.Float64, device);
        Tensor? u = uniforms?.to(device);
        for (int p = 0; p < Pixels; p++)
        {
            if (stop())
            {
                return null;
            }

            using var step = torch.NewDisposeScope();
            Tensor a = torch.addmm(this.folded.Input.Bias, input.index_select(1, this.inputTapIndex[p]), this.folded.Input.Weight, 1, 1).relu_();
            for (int k = 0; k < caches.Length; k++)
            {
                FoldedBlock block = this.folded.Blocks[k];
                Tensor narrow = torch.addmm(block.Narrow.Bias, a, block.Narrow.Weight, 1, 1).relu_();
                caches[k].index_copy_(2, this.blockWriteIndex[k][p], narrow.unsqueeze(2));
                Tensor gathered = caches[k].index_select(2, this.blockTapIndex[k][p]).reshape(size, -1);
                Tensor masked = torch.addmm(block.Masked.Bias, gathered, block.Masked.Weight, 1, 1).relu_();
                Tensor widened = torch.addmm(block.Widen.Bias, masked, block.Widen.Weight, 1, 1).relu_();
                a = a + widened;
            }

            Tensor head = torch.addmm(this.folded.Head.Bias, a, this.folded.Head.Weight, 1, 1).relu_();
            Tensor logits = torch.addmm(this.folded.Output.Bias, head, this.folded.Output.Weight, 1, 1).to(ScalarType.Float64);
            Tensor value = TakeValue(logits, p, temperature, u, given, values, logLikelihood, logitsOut);
            input.index_copy_(1, this.inputWriteIndex[p], value.to(ScalarType.Float32).div(255.0).unsqueeze(1));
            progress(p + 1);
        }

        return (values.to(ScalarType.Byte).cpu().data<byte>().ToArray(), logLikelihood.cpu().data<double>().ToArray());
    }
}
