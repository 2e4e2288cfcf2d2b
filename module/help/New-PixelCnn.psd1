@{
    Synopsis    = 'Creates a PixelCNN, the tutorial''s or the Gated one, with fresh weights or those of a trained model.'
    Description = @'
With -Architecture PixelCnn (the default) it builds the PixelCNN of van den Oord et al. (2016) exactly as the seed tutorial does: the input scaled by 1/255, a 7x7 type-A masked convolution to 2h channels, BatchNorm and ReLU; seven residual blocks (1x1 convolution 2h to h, 3x3 type-B masked convolution with dilations 1,2,1,3,1,2,1, 1x1 convolution h to 2h, each followed by BatchNorm and ReLU, plus the skip connection); a 1x1 head 2h to 2h with BatchNorm and ReLU; and a 1x1 convolution to 256 logits per pixel, shaped [B,256,1,28,28].

With -Architecture Gated it builds the Gated PixelCNN (van den Oord et al. 2016, "Conditional Image Generation with PixelCNN Decoders") as the UvA deep-learning course's PyTorch tutorial lays it out: the input scaled to [-1,1]; a vertical stack (3x3 convolutions that see only the rows above) and a horizontal stack (1x3 convolutions that see the current row to the left); seven gated blocks with dilations 1,2,1,4,1,2,1, each computing tanh(a) * sigmoid(b) on both stacks, feeding the vertical stack into the horizontal one through a 1x1 convolution, and adding the horizontal stack's input back (residual); ELU and a 1x1 convolution to 256 logits per pixel. The two stacks together see every earlier pixel within reach: there is no blind spot (see Get-PixelCnnReceptiveField).

-Conditional (Gated only) adds to every gated block two learned embeddings of the image's class, one per stack, added before the gates: the ten digits 0-9 by default, or the classes -ClassName names (for example $data.ClassNames of Import-PixelCnnDataset -LabelFromFolder; 2 to 256 of them; -ClassName alone makes the model conditional). Training then uses each image's label, Get-PixelCnnSample -Label chooses the class by name or index, and Measure-PixelCnnLikelihood and Get-PixelCnnDistribution use each image's Label. A conditional model with the digits' default names that trains on named classes of the same number takes their names.

The model is for images of one size: 28x28 (MNIST) unless -Height and -Width say otherwise (1 to 256 each; one alone means a square). Its checkpoints record the size; training refuses images of another size, and its samples, completions, distributions and receptive fields have its size.

-InitializeFrom starts the new model from a trained one instead of random weights: the same architecture and hidden size, every parameter and buffer copied by name. With -Conditional and an unconditional Gated model, the class embeddings the source lacks start at zero; they are added to the features before the gates, so the new model computes exactly the source's distributions for every label, and training (Start-PixelCnnTraining with the labels, best with -LabelLearningRateScale so the zero-started embeddings learn faster than the trained weights) then teaches it the classes: a class-conditional model that starts as good as the unconditional one. The new model starts at epoch 0 with no history, and its InitializedFrom property (kept in checkpoints) names the source: architecture, epoch, validation bpd and file. A source whose tensors the new model has no place for (a conditional model into an unconditional one, or another architecture) is refused with InitializeFromMismatch.

Masks are applied in every forward pass (weight times mask). Parameter and buffer names equal the PyTorch models' state_dict keys (the tutorial's for PixelCnn, the UvA tutorial's for Gated), so checkpoints move between the two. The new model becomes the session's current model.
'@
    Parameters  = @{
        # {Architectures} is filled by Build-Help.ps1 from the module's architecture registry, one line per architecture.
        Architecture = 'The network to build (default PixelCnn); tab completion lists the names. {Architectures}'
        Conditional  = 'Makes a Gated model class-conditional: a learned embedding of the class (the digits 0-9 unless -ClassName names others) in every gated block. Needs -Architecture Gated (or a Gated -InitializeFrom model; without the switch the new model is conditional when its source is).'
        ClassName    = 'The classes of a conditional model, by name, 2 to 256 (implies -Conditional); -Label then takes these names. Default: the digits 0-9.'
        Height       = 'Rows of the images the model is for, 1 to 256 (default 28; alone: the same as -Width).'
        Width        = 'Columns of the images the model is for, 1 to 256 (default 28; alone: the same as -Height).'
        HiddenDim    = 'h. PixelCnn: the width of the residual blocks (the network carries 2h channels). Gated: the channels of each stack. Default 64.'
        Device       = 'Auto (CUDA when available, else CPU), Cpu or Cuda. Cuda without a CUDA device or without the CUDA build stops with an error that says how to get it.'
        Seed         = 'Seed for the random initial weights; the same seed gives the same model.'
        InitializeFrom = 'A trained model (also from the pipeline) whose architecture, hidden size and weights the new model starts with; new class embeddings start at zero. -Device defaults to the source''s device.'
    }
    Examples    = @(
        @{ Code = 'New-PixelCnn -HiddenDim 64'; Remarks = 'Creates the tutorial model with h = 64 and shows its architecture, parameter count and device.' }
        @{ Code = '$m = New-PixelCnn -HiddenDim 16 -Device Cpu -Seed 1'; Remarks = 'Creates a small, reproducible model on the CPU.' }
        @{ Code = 'New-PixelCnn -Architecture Gated -HiddenDim 64 -Conditional | Start-PixelCnnTraining -Epochs 30'; Remarks = 'Creates a class-conditional Gated PixelCNN and trains it on MNIST with the digits'' labels.' }
        @{ Code = "`$shapes = Import-PixelCnnDataset ./shapes -LabelFromFolder -Width 16`nNew-PixelCnn -Architecture Gated -HiddenDim 32 -Height 16 -Width 16 -ClassName `$shapes.ClassNames"; Remarks = 'Creates a conditional model for 16x16 pictures of the classes the folders of ./shapes name.' }
        @{ Code = 'Import-PixelCnn -Name Gated | New-PixelCnn -Conditional | Start-PixelCnnTraining -Epochs 2 -LearningRate 2e-4'; Remarks = 'Starts a class-conditional Gated PixelCNN from the shipped unconditional one (same bits/dim before training) and fine-tunes it with the labels.' }
    )
    Inputs      = @(@{ Type = 'PixelCnn.Model.PixelCnnModel'; Description = 'A model to start from (-InitializeFrom).' })
    Outputs     = @(@{ Type = 'PixelCnn.Model.PixelCnnModel'; Description = 'The model: architecture, hidden size, parameter count, device and training state.' })
}
