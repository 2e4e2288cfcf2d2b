using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PixelCnn.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PixelCnn.Model;

/// <summary>
/// A PixelCNN as the module's cmdlets pass it around: the network, the device it lives on, its training state
/// (epochs, Adam's state, learning-rate schedule, history). New-PixelCnn and Import-PixelCnn return it.
/// </summary>
public sealed class PixelCnnModel : IDisposable
{
    private readonly List<PixelCnnEpochRecord> history = new();
    private Adam? optimizer;
    private byte[]? pendingOptimizerState;

    /// <summary>Wraps a network already on <paramref name="device"/>.</summary>
    public PixelCnnModel(PixelCnnNetwork network, Device device, string? source = null)
    {
        this.Network = network;
        this.TorchDevice = device;
        this.Source = source;
        network.eval();
    }

    /// <summary>The architecture: the tutorial's PixelCNN.</summary>
    public string Architecture => "PixelCnn";

    /// <summary>h: the residual blocks narrow 2h features to h.</summary>
    public int HiddenDim => this.Network.HiddenDim;

    /// <summary>Dilations of the seven residual blocks.</summary>
    public string Dilations => string.Join(",", PixelCnnNetwork.Dilations);

    /// <summary>Number of trainable parameters.</summary>
    public long ParameterCount => this.Network.parameters().Sum(p => p.numel());

    /// <summary>"cpu" or "cuda:N".</summary>
    public string Device => this.TorchDevice.ToString();

    /// <summary>"Training" while BatchNorm uses batch statistics, "Evaluation" otherwise.</summary>
    public string Mode => this.Network.training ? "Training" : "Evaluation";

    /// <summary>Epochs trained so far.</summary>
    public int Epoch { get; internal set; }

    /// <summary>Adam's learning rate at epoch 0 of the schedule (null before the first training).</summary>
    public double? BaseLearningRate { get; internal set; }

    /// <summary>Per-epoch learning-rate decay factor (null before the first training).</summary>
    public double? LearningRateDecay { get; internal set; }

    /// <summary>The learning rate the next epoch uses: base * decay^Epoch.</summary>
    public double? NextLearningRate => this.BaseLearningRate is double lr && this.LearningRateDecay is double decay ? lr * Math.Pow(decay, this.Epoch) : null;

    /// <summary>Seed of the training data order (null before the first training).</summary>
    public long? TrainingSeed { get; internal set; }

    /// <summary>One record per epoch trained.</summary>
    public IReadOnlyList<PixelCnnEpochRecord> History => this.history;

    /// <summary>The last validation bits per dimension recorded, if any.</summary>
    public double? ValidationBpd => this.history.LastOrDefault(h => h.ValidationBpd is not null)?.ValidationBpd;

    /// <summary>The file the model was imported from, if any.</summary>
    public string? Source { get; }

    /// <summary>The TorchSharp network.</summary>
    public PixelCnnNetwork Network { get; }

    /// <summary>The TorchSharp device.</summary>
    public Device TorchDevice { get; }

    /// <summary>True once disposed.</summary>
    public bool IsDisposed { get; private set; }

    /// <summary>Logits [B,256,1,H,W] for uint8 images [B,1,H,W] (scaled by 1/255 as the tutorial does).</summary>
    public Tensor Logits(Tensor images)
    {
        using var scope = torch.NewDisposeScope();
        Tensor input = images.to(ScalarType.Float32, this.TorchDevice).div_(255.0);
        return this.Network.forward(input).MoveToOuterDisposeScope();
    }

    /// <summary>Adam over the network's parameters, created on first use (with the imported state, if any).</summary>
    internal Adam GetOptimizer(double learningRate)
    {
        if (this.optimizer is null)
        {
            this.optimizer = torch.optim.Adam(this.Network.parameters(), learningRate);
            if (this.pendingOptimizerState is byte[] state)
            {
                using var reader = new BinaryReader(new MemoryStream(state));
                this.optimizer.load_state_dict(reader);
                this.pendingOptimizerState = null;
            }
        }

        foreach (var group in this.optimizer.ParamGroups)
        {
            group.LearningRate = learningRate;
        }

        return this.optimizer;
    }

    /// <summary>Adam's state as bytes (TorchSharp's format), or null before the first training step.</summary>
    internal byte[]? SaveOptimizerState()
    {
        if (this.optimizer is null)
        {
            return this.pendingOptimizerState;
        }

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            this.optimizer.save_state_dict(writer);
        }

        return stream.ToArray();
    }

    /// <summary>Restores training state read from a checkpoint.</summary>
    internal void RestoreTrainingState(int epoch, double? baseLearningRate, double? decay, long? seed, IEnumerable<PixelCnnEpochRecord> records, byte[]? optimizerState)
    {
        this.Epoch = epoch;
        this.BaseLearningRate = baseLearningRate;
        this.LearningRateDecay = decay;
        this.TrainingSeed = seed;
        this.history.Clear();
        this.history.AddRange(records);
        this.pendingOptimizerState = optimizerState;
    }

    /// <summary>Records a finished epoch.</summary>
    internal void AddEpoch(PixelCnnEpochRecord record)
    {
        this.history.Add(record);
        this.Epoch = record.Epoch;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"PixelCnn (hidden {this.HiddenDim}, {this.ParameterCount:N0} parameters, {this.Device}, {this.Mode}, epoch {this.Epoch})";

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!this.IsDisposed)
        {
            this.optimizer?.Dispose();
            this.Network.Dispose();
            this.IsDisposed = true;
        }
    }
}
