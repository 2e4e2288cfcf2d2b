using System;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace PixelCnn.Model;

/// <summary>
/// A PixelCNN as the module's cmdlets pass it around: the network, the device it lives on, and what is known
/// about it. This is the object <c>New-PixelCnn</c> and <c>Import-PixelCnn</c> return.
/// </summary>
public sealed class PixelCnnModel : IDisposable
{
    private bool disposed;

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
    public int Epoch { get; set; }

    /// <summary>The file the model was imported from, if any.</summary>
    public string? Source { get; }

    /// <summary>The TorchSharp network.</summary>
    public PixelCnnNetwork Network { get; }

    /// <summary>The TorchSharp device.</summary>
    public Device TorchDevice { get; }

    /// <summary>Logits [B,256,1,H,W] for uint8 images [B,1,H,W] (scaled by 1/255 as the tutorial does).</summary>
    public Tensor Logits(Tensor images)
    {
        using var scope = torch.NewDisposeScope();
        Tensor input = images.to(ScalarType.Float32, this.TorchDevice).div_(255.0);
        return this.Network.forward(input).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"PixelCnn (hidden {this.HiddenDim}, {this.ParameterCount:N0} parameters, {this.Device}, {this.Mode}, epoch {this.Epoch})";

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!this.disposed)
        {
            this.Network.Dispose();
            this.disposed = true;
        }
    }
}
