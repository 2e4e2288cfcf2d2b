@{
    Synopsis    = 'Loads pictures from files and folders as a greyscale dataset, labelled by folder if asked.'
    Description = @'
Reads PNG, JPEG, BMP and GIF pictures (through ImageSharp) from files, folders (with their sub-folders) and wildcards, and returns one dataset object of the same kind Import-Mnist returns: every cmdlet that takes MNIST takes it (Start-PixelCnnTraining -Data, Measure-PixelCnnLikelihood, Complete-PixelCnnImage, Get-PixelCnnDistribution, Export-Png). Enumerating it streams one image object per picture, with its File, Label and ClassName.

Each picture becomes 8-bit greyscale: luma Y = 0.2126 R + 0.7152 G + 0.0722 B (ITU-R BT.709), multiplied by alpha so transparent parts are black. -Invert then turns dark-on-light pictures (scans, signatures) into light on dark, as MNIST's digits are. With -Width and -Height (one alone means a square) every picture is resized with the -Resampling filter (Bicubic by default), keeping its aspect by padding with black (-Fit Pad, the default) or by cropping to the centre (-Fit Crop), or not keeping it (-Fit Stretch). Without them every picture must already have the same size.

With -LabelFromFolder each picture's label is the name of the folder that holds it: the classes are those names in name order, and a conditional model trained on the dataset keeps them (New-PixelCnn -ClassName $data.ClassNames), so -Label takes a name. The files are read in the order of their paths.

Nothing is half-loaded: a file that is not a picture, pictures of several sizes without -Width/-Height, a picture larger than 256 on a side without them (or over 40 million pixels at all), a path that does not exist or a folder without pictures each stop the command with an error naming the file.
'@
    Parameters  = @{
        Path            = 'Picture files or folders (searched with their sub-folders); wildcards allowed. Takes strings from the pipeline.'
        LiteralPath     = 'Picture files or folders taken exactly as written; also by the FullName property of Get-ChildItem output.'
        Width           = 'Bring every picture to this many columns, 1 to 256 (alone: square pictures of this side).'
        Height          = 'Bring every picture to this many rows, 1 to 256 (alone: square pictures of this side).'
        Fit             = 'How the aspect is kept when resizing: Pad (the default; scaled to fit inside, black around), Crop (scaled to cover, the centre kept) or Stretch (each direction on its own).'
        Resampling      = 'The filter for resizing: Bicubic (the default), Bilinear, or NearestNeighbor (hard edges, for pixel art).'
        LabelFromFolder = "Label each picture by its folder's name; the dataset's ClassNames are those names in name order."
        Invert          = 'Store 255 - value for every pixel: dark pictures on a light background become light on dark, like MNIST.'
        Name            = "The dataset's name, shown with it and as each image's Source (default: the name of the first folder, or of the folder of the first file)."
    }
    Examples    = @(
        @{ Code = '$shapes = Import-PixelCnnDataset ./shapes -LabelFromFolder -Width 16 -Height 16; $shapes.ClassNames'; Remarks = 'Loads ./shapes/circle/*.png, ./shapes/square/*.png, ... at 16x16, labelled by folder, and lists the classes.' }
        @{ Code = "New-PixelCnn -Architecture Gated -HiddenDim 32 -Height 16 -Width 16 -ClassName `$shapes.ClassNames | Start-PixelCnnTraining -Data `$shapes -Epochs 20 -LabelDropout 0.1"; Remarks = 'Trains a conditional model of the pictures'' size and classes.' }
        @{ Code = 'Get-PixelCnnSample -Count 8 -Label circle | Export-Png -Path circles.png -Grid'; Remarks = 'Samples eight pictures of the class named circle from the model just trained.' }
        @{ Code = 'Import-PixelCnnDataset ./scans/*.jpg -Width 64 -Fit Crop -Invert | Measure-PixelCnnLikelihood -PerImage | Sort-Object BitsPerDim -Descending | Select-Object -First 5'; Remarks = 'Scores every scan with a 64x64 model (the current one) and shows the five least likely: the most unusual pictures.' }
    )
    Inputs      = @(@{ Type = 'System.String'; Description = 'Paths (by value), or objects with a FullName property such as Get-ChildItem output (by property name).' })
    Outputs     = @(@{ Type = 'PixelCnn.Data.ImageDataset'; Description = 'The dataset: Name, Count, Shape, Labels, ClassNames, LabelCounts, Files; enumerating it yields PixelCnn.Imaging.PixelCnnImage objects.' })
    Notes       = 'Typing a variable that holds a dataset at the prompt enumerates it (PowerShell unrolls collections); the dataset itself prints as one line.'
}
