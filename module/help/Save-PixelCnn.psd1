@{
    Synopsis    = 'Saves a PixelCNN as a safetensors checkpoint that the PyTorch model loads with load_state_dict.'
    Description = @'
Writes the model's parameters and buffers under the tutorial PyTorch model's state_dict names (masks included), so safetensors.torch.load_file plus load_state_dict restores it in PyTorch. The safetensors metadata records the schema version, architecture, hidden size, epoch, learning-rate schedule, data-order seed, training history and Adam's state, so Import-PixelCnn can resume training.

The file is written to a temporary name in the same folder and renamed when complete: a crash or a full disk never leaves a broken file in place of a good one. An existing file is kept unless -Force is given.
'@
    Parameters  = @{
        Path  = 'The .safetensors file to write. Relative paths resolve against the current location.'
        Model = 'The model; by default the session''s current model.'
        Force = 'Overwrite an existing file.'
        ExcludeOptimizerState = 'Leave Adam''s state out: a file about a third the size, for sharing a trained model. Training can continue from it with a fresh optimizer.'
    }
    Examples    = @(
        @{ Code = 'Save-PixelCnn -Path model.safetensors'; Remarks = 'Saves the session''s current model.' }
        @{ Code = '$m | Save-PixelCnn -Path run/model.safetensors -Force'; Remarks = 'Saves a given model, replacing an earlier file.' }
    )
    Inputs      = @(@{ Type = 'PixelCnn.Model.PixelCnnModel'; Description = 'The model.' })
    Outputs     = @(@{ Type = 'System.IO.FileInfo'; Description = 'The file written.' })
}
