@{
    Synopsis    = 'Creates a PixelCNN with fresh weights.'
    Description = @'
Builds the PixelCNN of van den Oord et al. (2016) exactly as the seed tutorial does: the input scaled by 1/255, a 7x7 type-A masked convolution to 2h channels, BatchNorm and ReLU; seven residual blocks (1x1 convolution 2h to h, 3x3 type-B masked convolution with dilations 1,2,1,3,1,2,1, 1x1 convolution h to 2h, each followed by BatchNorm and ReLU, plus the skip connection); a 1x1 head 2h to 2h with BatchNorm and ReLU; and a 1x1 convolution to 256 logits per pixel, shaped [B,256,1,28,28].

Masks are applied in every forward pass (weight times mask). Parameter and buffer names equal the PyTorch model's state_dict keys, so checkpoints move between the two.
'@
    Parameters  = @{
        HiddenDim = 'h, the width of the residual blocks (the network carries 2h channels). Default 64.'
        Device    = 'Auto (CUDA when available, else CPU), Cpu or Cuda. Cuda without a CUDA device or without the CUDA build stops with an error that says how to get it.'
        Seed      = 'Seed for the random initial weights; the same seed gives the same model.'
    }
    Examples    = @(
        @{ Code = 'New-PixelCnn -HiddenDim 64'; Remarks = 'Creates the tutorial model with h = 64 and shows its architecture, parameter count and device.' }
        @{ Code = '$m = New-PixelCnn -HiddenDim 16 -Device Cpu -Seed 1'; Remarks = 'Creates a small, reproducible model on the CPU.' }
    )
    Inputs      = @(@{ Type = 'None'; Description = 'The command takes no pipeline input.' })
    Outputs     = @(@{ Type = 'PixelCnn.Model.PixelCnnModel'; Description = 'The model: architecture, hidden size, parameter count, device and training state.' })
}
