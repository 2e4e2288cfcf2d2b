@{
    Synopsis    = 'Draws a training history (train and validation bits per dimension per epoch) as a PNG line chart.'
    Description = @'
Takes a model (its recorded history, which checkpoints carry too), the epoch records Start-PixelCnnTraining emits, or the rows of a metrics CSV written from them (Import-Csv), and writes one PNG line chart: epochs across, bits per dimension up, training in blue and validation in orange, with a square at every epoch and labelled grid lines.

The file is written to a temporary name and renamed when complete; an existing file is kept unless -Force is given; -WhatIf shows what would be written.
'@
    Parameters  = @{
        InputObject = 'A model, epoch records, or metrics CSV rows with Epoch, TrainBpd and (optionally) ValidationBpd.'
        Path        = 'The PNG file to write. Relative paths resolve against the current location.'
        Width       = 'Chart width in pixels (default 640).'
        Height      = 'Chart height in pixels (default 400).'
        Force       = 'Overwrite an existing file.'
    }
    Examples    = @(
        @{ Code = 'Import-PixelCnn -Name Default | Export-PixelCnnPlot -Path history.png'; Remarks = 'Draws the training history of the shipped model.' }
        @{ Code = 'Import-Csv run/metrics.csv | Export-PixelCnnPlot -Path run/history.png -Width 800 -Height 500'; Remarks = 'Draws a run from its metrics CSV.' }
    )
    Inputs      = @(@{ Type = 'PixelCnn.Model.PixelCnnModel, PixelCnn.Training.PixelCnnEpochRecord, System.Management.Automation.PSObject'; Description = 'What to draw.' })
    Outputs     = @(@{ Type = 'System.IO.FileInfo'; Description = 'The PNG file written.' })
}
