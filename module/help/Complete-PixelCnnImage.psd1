@{
    Synopsis    = 'Completes images: keeps their known pixels and samples the others from a PixelCNN.'
    Description = @'
The UvA tutorial's autocompletion. For each image from the pipeline (MNIST images or samples), keeps the known pixels (-Rows: the top rows; -Known: any set of pixels) and samples the unknown ones in raster order with the exact fast sampler, -Count completions per image. An unknown pixel is drawn given every pixel before it, known or drawn; a known pixel after an unknown one is kept as it is, and the model conditions on it from then on.

Each completion is an image object with Source "Completion", Completes (the Index of the image it completes), Known (the kept pixels), Seed and LogLikelihood: the sum over the drawn pixels of log p(pixel | all pixels before it), in nats (the probability of drawing this completion; Get-PixelCnnDistribution on the completion gives the same per-pixel terms).

The same seed gives the same completions with either sampler and any batch size. A class-conditional model completes towards each image's own Label, or -Label; an image without either is completed without a label when the model was trained with label dropout (its LabelDropout above 0), and is an error otherwise. With -IncludeInput, each image and its known part (unknown pixels drawn blue by Export-Png) come before its completions, so Export-Png -Grid -Columns (Count + 2) lays out one row per image.
'@
    Parameters  = @{
        InputObject  = 'Images to complete (Import-Mnist, Get-PixelCnnSample), or a dataset.'
        Model        = 'The model; by default the session''s current model, else the shipped Default model (as Get-PixelCnnSample).'
        Rows         = 'Keep the top rows and sample the rest: fewer than the model''s height (default: the top half, 14 rows at 28x28).'
        Known        = 'Which pixels are known, one value per pixel of the model''s size: in raster order or as rows (784 values or 28 rows of 28 at 28x28 (true or 1: known). Any set of pixels; every pixel known is an error (NothingToComplete), another size too (KnownMaskSize).'
        Count        = 'Completions per image (default 1).'
        Label        = 'The class to complete towards, by name or index, for a class-conditional model (default: each image''s own Label).'
        IncludeInput = 'Before each image''s completions, also emit the image and its known part, for a grid with one row per image.'
    }
    Examples    = @(
        @{ Code = 'Import-Mnist -Split Test -First 4 | Complete-PixelCnnImage -Rows 14 -Count 6 -Seed 1 -IncludeInput | Export-Png -Path completions.png -Grid -Columns 8 -Scale 2'; Remarks = 'The bottom halves of four test digits, six ways each: one row per digit with the original, its top half and the completions.' }
        @{ Code = "`$known = 0..783 | ForEach-Object { (`$_ % 28) -lt 14 }`nImport-Mnist -Split Test -First 1 | Complete-PixelCnnImage -Known `$known -Count 3"; Remarks = 'Keeps the left half of every row; the right halves are sampled, each given everything before it.' }
        @{ Code = 'Import-Mnist -Split Test -First 1 | Complete-PixelCnnImage -Model (Import-PixelCnn -Name GatedConditional) -Label 8 -Count 4'; Remarks = 'Completes a digit towards an 8 with the class-conditional model.' }
    )
    Inputs      = @(@{ Type = 'PixelCnn.Imaging.PixelCnnImage'; Description = 'Images, or a PixelCnn.Data.ImageDataset.' })
    Outputs     = @(@{ Type = 'PixelCnn.Imaging.PixelCnnImage'; Description = 'Completions (Source Completion); with -IncludeInput also the inputs and their known parts (Source Known).' })
}
