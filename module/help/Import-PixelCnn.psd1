@{
    Synopsis    = 'Loads a PixelCNN from a safetensors checkpoint with the PyTorch state names.'
    Description = @'
Reads a safetensors file whose tensors carry the tutorial PyTorch model's state_dict keys (layers.0.conv.weight, layers.0.mask, layers.3.block.3.conv.weight, ..., layers.13.weight), infers the hidden size from their shapes, checks that every tensor the model needs is there with the right shape, and returns the model in evaluation mode.

A truncated or corrupt file, or one that does not match the architecture, stops the command with an error naming the file. A mask that differs from the architecture's type-A or type-B mask is loaded as it is (as PyTorch would) with a warning, because such a model can see pixels it must not. Tensors the model does not use are listed with -Verbose.
'@
    Parameters  = @{
        Path   = 'The .safetensors file. Relative paths resolve against the current location.'
        Name   = 'A model that ships with the module: Default, the tutorial''s PixelCNN trained on MNIST (see module/models/pixelcnn-default.json for how).'
        Device = 'Auto (CUDA when available, else CPU), Cpu or Cuda.'
    }
    Examples    = @(
        @{ Code = '$m = Import-PixelCnn -Path ../shared/golden/seed-pixelcnn-h16.safetensors -Verbose'; Remarks = 'Loads the golden weights of the PyTorch reference model (hidden size 16).' }
        @{ Code = 'Get-ChildItem *.safetensors | Import-PixelCnn'; Remarks = 'Loads every checkpoint in the folder.' }
        @{ Code = 'Import-PixelCnn -Name Default | Get-PixelCnnSample -Count 16 | Export-Png -Path digits.png -Grid'; Remarks = 'Samples 16 digits from the model that ships with the module.' }
    )
    Inputs      = @(@{ Type = 'System.String'; Description = 'A path (also by the FullName property of Get-ChildItem output).' })
    Outputs     = @(@{ Type = 'PixelCnn.Model.PixelCnnModel'; Description = 'The loaded model.' })
}
