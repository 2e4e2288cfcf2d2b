@{
    Synopsis    = 'Writes images from the pipeline as PNG files: one file per image, or one grid.'
    Description = @'
Takes image objects (from Import-Mnist or Get-PixelCnnSample; a whole dataset is expanded into its images), per-pixel distribution records (from Get-PixelCnnDistribution, drawn as heat maps of -Map, one per image) and receptive fields, and writes PNG files with SixLabors.ImageSharp.

With -Path containing {0} (the image's index, in .NET format syntax, so {0:D4} pads to four digits) each image gets its own file. With -Grid all images are tiled into one PNG, -Columns per row (default: as square as possible), separated by -Padding grey pixels. Without -Path, each image is written into the current location as pixelcnn-{0:D4}.png (pixelcnn-0000.png, ...), or pixelcnn-grid.png with -Grid.

Paths resolve against the current location. An existing file is not overwritten without -Force. Every file is written to a temporary name and renamed when complete, so a file is written whole or not at all. -WhatIf shows what would be written. Returns a FileInfo for each file written.
'@
    Parameters  = @{
        InputObject = 'Images, datasets or receptive fields to draw (usually from the pipeline).'
        Path        = 'The PNG file, or a pattern with {0} for one file per image.'
        Grid        = 'Tile all images into one PNG.'
        Columns     = 'Tiles per grid row. Default: the ceiling of the square root of the number of images.'
        Scale       = 'Each image pixel becomes Scale x Scale PNG pixels (nearest neighbour). Default 1.'
        Padding     = 'Grey (level 128) pixels between and around grid tiles. Default 2.'
        Map         = 'For distribution records from Get-PixelCnnDistribution: the quantity drawn as a heat map. Entropy (0-8 bits, default), NegativeLogLikelihood (0-8 nats, clamped) or Probability (0-1); dark purple is low, pale yellow high.'
        Force       = 'Overwrite existing files.'
    }
    Examples    = @(
        @{ Code = 'Import-Mnist -Split Test -First 16 | Export-Png -Path digits.png -Grid -Scale 2'; Remarks = 'Writes a 4x4 grid of test digits at twice their size.' }
        @{ Code = "Import-Mnist -Split Test -First 3 | Export-Png -Path 'digit-{0}.png'"; Remarks = 'Writes digit-0.png, digit-1.png and digit-2.png.' }
        @{ Code = 'Import-Mnist -Split Test -First 1 | Get-PixelCnnDistribution | Export-Png -Path nll.png -Map NegativeLogLikelihood -Scale 8'; Remarks = 'Draws where the first test image surprises the current model.' }
        @{ Code = 'Import-Mnist -Split Test -First 4 | Export-Png -WhatIf'; Remarks = 'Shows the four files (pixelcnn-0000.png to pixelcnn-0003.png) that would be written to the current location.' }
    )
    Inputs      = @(@{ Type = 'PixelCnn.Imaging.PixelCnnImage, PixelCnn.Data.ImageDataset, PixelCnn.Likelihood.PixelCnnPixelDistribution, PixelCnn.Model.PixelCnnReceptiveField'; Description = 'What to draw.' })
    Outputs     = @(@{ Type = 'System.IO.FileInfo'; Description = 'Each PNG file written.' })
}
