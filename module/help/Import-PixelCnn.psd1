@{
    Synopsis    = 'Loads a PixelCNN from a safetensors checkpoint with the PyTorch state names.'
    Description = @'
Reads a safetensors file whose tensors carry the tutorial PyTorch model's state_dict keys (layers.0.conv.weight, layers.0.mask, layers.3.block.3.conv.weight, ..., layers.13.weight), or the UvA Gated PixelCNN's keys (conv_vstack.conv.weight, conv_layers.0.conv_vert.conv.weight, ..., conv_out.weight, and conv_layers.N.class_cond_vert.weight for a class-conditional model), infers the architecture, hidden size and number of classes from them, checks that every tensor the model needs is there with the right shape, and returns the model in evaluation mode.

A truncated or corrupt file, or one that does not match the architecture, stops the command with an error naming the file. A mask that differs from the architecture's mask (type A or B, square or vertical/horizontal stack) is loaded as it is (as PyTorch would) with a warning, because such a model can see pixels it must not. Tensors the model does not use are listed with -Verbose.
'@
    Parameters  = @{
        Path   = 'The .safetensors file. Relative paths resolve against the current location.'
        Name   = 'A model that ships with the module, trained on MNIST: PixelCnn (the tutorial''s PixelCNN), Gated (the unconditional Gated PixelCNN), GatedConditional (the class-conditional Gated PixelCNN), or Default: the unconditional one with the lowest test bits/dim in its record, which is also what Get-PixelCnnSample and the other commands use in a session without a model (-Verbose names it). module/models/<name>.json (pixelcnn, gated, gated-conditional) says how each was trained and what it scored.'
        TrainedWeights = 'Loads the weights the optimizer trained instead of their running average, from a checkpoint written during a run with -AverageWeights (Start-PixelCnnTraining -CheckpointPath keeps both sets). The model then has no average, its Weights property says Trained, and its ValidationBpd is the trained weights'' figure from the epoch record (TrainedValidationBpd). Early in a run the average lags behind the trained weights and can validate worse; late in a run it usually validates better. A model trained without averaging is loaded as it is; a file that keeps only the average (a shipped model, or one saved with -ExcludeOptimizerState) is an error (TrainedWeightsNotKept).'
        Device = 'Auto (CUDA when available, else CPU), Cpu or Cuda.'
    }
    Examples    = @(
        @{ Code = '$m = Import-PixelCnn -Path ../shared/golden/seed-pixelcnn-h16.safetensors -Verbose'; Remarks = 'Loads the golden weights of the PyTorch reference model (hidden size 16).' }
        @{ Code = 'Get-ChildItem *.safetensors | Import-PixelCnn'; Remarks = 'Loads every checkpoint in the folder.' }
        @{ Code = 'Import-PixelCnn -Name Default | Get-PixelCnnSample -Count 16 | Export-Png -Path digits.png -Grid'; Remarks = 'Samples 16 digits from the model that ships with the module.' }
        @{ Code = '$m = Import-PixelCnn -Name PixelCnn; Import-Mnist -Split Test -First 500 | Measure-PixelCnnLikelihood -Model $m'; Remarks = 'Scores the shipped tutorial PixelCNN on the first 500 test images (its record, module/models/pixelcnn.json, has TestBpdFirst500 to compare with).' }
        @{ Code = '$run = Import-PixelCnn runs/gated/last.safetensors; $run.History[-1] | Select-Object Epoch, ValidationBpd, TrainedValidationBpd; $m = Import-PixelCnn runs/gated/last.safetensors -TrainedWeights'; Remarks = 'Compares the average''s and the trained weights'' validation in the last epoch of an averaged run, then loads the trained weights.' }
        @{ Code = 'Import-PixelCnn -Name GatedConditional | Get-PixelCnnSample -Label (0..9) | Export-Png -Path row.png -Grid -Columns 10'; Remarks = 'Draws one of each digit from the shipped class-conditional Gated model.' }
    )
    Inputs      = @(@{ Type = 'System.String'; Description = 'A path (also by the FullName property of Get-ChildItem output).' })
    Outputs     = @(@{ Type = 'PixelCnn.Model.PixelCnnModel'; Description = 'The loaded model.' })
}
