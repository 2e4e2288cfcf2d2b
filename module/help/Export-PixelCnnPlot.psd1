@{
    Synopsis    = 'Draws training histories (train and validation bits per dimension per epoch) as a PNG chart with a title, axis titles and a legend.'
    Description = @'
Takes models (their recorded history, which checkpoints carry too), the epoch records Start-PixelCnnTraining emits, or the rows of a metrics CSV written from them (Import-Csv), and writes one PNG chart drawn with ScottPlot: epochs across, bits per dimension up, a line with a marker per epoch for the training bpd and one for the validation bpd of every run, a legend naming each line, a title and axis titles.

Several runs go into one chart. Each model piped in is a run of its own, named by -Name or else by the file it was imported from (pixelcnn, gated and gated-conditional for the shipped models). Epoch records and CSV rows belong to the run named by their Run property if they have one, else to the run named by -Name; without either they form one unnamed run and the legend says just "train" and "validation". Lines take the colours of matplotlib's tab10 palette in order: the first run's training line is blue (31,119,180), its validation line orange (255,127,14), the next run's lines green and red, and so on.

The file is written to a temporary name and renamed when complete; an existing file is kept unless -Force is given; -WhatIf shows what would be written.
'@
    Parameters  = @{
        InputObject = 'A model, epoch records, or metrics CSV rows with Epoch, TrainBpd and (optionally) ValidationBpd and Run.'
        Path        = 'The PNG file to write. Relative paths resolve against the current location.'
        Name        = 'The legend name of input that does not name its run: records, rows without a Run property, models (instead of their file name).'
        Title       = 'The chart title (default "Bits per dimension per epoch").'
        Width       = 'Chart width in pixels (default 640).'
        Height      = 'Chart height in pixels (default 400).'
        Force       = 'Overwrite an existing file.'
    }
    Examples    = @(
        @{ Code = 'Import-PixelCnn -Name Default | Export-PixelCnnPlot -Path history.png'; Remarks = 'Draws the training history of the shipped model.' }
        @{ Code = "'PixelCnn', 'Gated', 'GatedConditional' | ForEach-Object { Import-PixelCnn -Name `$_ } | Export-PixelCnnPlot -Path shipped.png -Title 'Shipped models'"; Remarks = 'Draws the shipped models in one chart, one legend entry per line.' }
        @{ Code = "Import-Csv run/metrics.csv | Export-PixelCnnPlot -Path run/history.png -Name gated -Width 800 -Height 500"; Remarks = 'Draws a run from its metrics CSV.' }
    )
    Inputs      = @(@{ Type = 'PixelCnn.Model.PixelCnnModel, PixelCnn.Training.PixelCnnEpochRecord, System.Management.Automation.PSObject'; Description = 'What to draw.' })
    Outputs     = @(@{ Type = 'System.IO.FileInfo'; Description = 'The PNG file written.' })
}
