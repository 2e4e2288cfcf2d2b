@{
    Synopsis    = 'Loads MNIST images and labels from the canonical IDX files.'
    Description = @'
Reads the four canonical MNIST IDX files (gzip or uncompressed) and returns one dataset object: the images as a uint8 tensor [N,1,28,28], the labels and class names (the digits 0-9), the name (MNIST Train or MNIST Test), the source folder and the count. Any dataset laid out in MNIST's IDX files reads the same way with -Path: Fashion-MNIST, KMNIST, EMNIST, or IDX files of another image size (up to 256x256; train a model of that size on them), with as many classes as the largest label calls for (at least ten). Piping or enumerating the dataset streams one image object per image (Index, Label, Pixels), which Export-Png and the model cmdlets take.

Without -Path the files are looked for, in order, in $env:PIXELCNN_DATA, the data folder that ships with the module, and the per-user cache folder (~/.cache/PixelCnn/mnist, or $env:PIXELCNN_CACHE/mnist). With -Download, missing files are fetched from the canonical mirrors into the cache (or -Path) and their SHA-256 checked before use; a mismatch deletes the download and stops with an error.

Every fault of the files (missing file, wrong magic number, truncated data, corrupt gzip, image and label counts that disagree, images with a side above 256) stops the command with an error naming the file; no partial dataset is returned.
'@
    Parameters  = @{
        Path      = 'Folder holding train-images-idx3-ubyte(.gz), train-labels-idx1-ubyte(.gz), t10k-images-idx3-ubyte(.gz) and t10k-labels-idx1-ubyte(.gz). Relative paths resolve against the current location.'
        Split     = 'Train (60,000 images, the default) or Test (10,000 images).'
        First     = 'Load only the first N images of the split (after -Skip).'
        Skip      = 'Leave out the first N images of the split; with -First this takes a slice, for example a held-out validation part of Train (image indices stay those of the file).'
        Download  = 'Download missing files from the canonical mirrors, verifying each SHA-256 before use.'
        MirrorUri = 'Base URIs to download from instead of the canonical mirrors (each must serve the canonical file names).'
    }
    Examples    = @(
        @{ Code = 'Import-Mnist -Split Test -First 16 | Export-Png -Path digits.png -Grid'; Remarks = 'Loads the first 16 test images and writes them as one 4x4 grid PNG.' }
        @{ Code = '$train = Import-Mnist; $train.LabelCounts'; Remarks = 'Loads all 60,000 training images and shows how many images each digit has.' }
        @{ Code = '$train = Import-Mnist -First 55000; $validation = Import-Mnist -Skip 55000'; Remarks = 'Splits the training files into 55,000 images to train on and 5,000 held out for validation.' }
        @{ Code = "Import-Mnist -Path ./fashion-mnist | Start-PixelCnnTraining -Epochs 10"; Remarks = 'Trains the current model on Fashion-MNIST, distributed in the same IDX layout.' }
        @{ Code = 'Import-Mnist -Path ./mnist -Split Test -Download -Verbose'; Remarks = 'Uses the folder ./mnist, downloading (and verifying) any missing test file into it first.' }
    )
    Inputs      = @(@{ Type = 'System.String'; Description = 'A folder path (also by the FullName property of Get-Item output).' })
    Outputs     = @(@{ Type = 'PixelCnn.Data.ImageDataset'; Description = 'The dataset; enumerating it yields PixelCnn.Imaging.PixelCnnImage objects.' })
    Notes       = 'Typing a variable that holds a dataset at the prompt enumerates it (PowerShell unrolls collections); the dataset itself prints as one line. Use $data.Count or $data | Select-Object -First 5.'
}
