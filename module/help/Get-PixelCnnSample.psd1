@{
    Synopsis    = 'Draws new images from a PixelCNN, pixel by pixel in raster order.'
    Description = @'
Samples each pixel from the model's predicted distribution given the pixels drawn before it, in raster order. Values are drawn by inverse CDF from uniforms that each image draws from its own generator, seeded from the run's seed and the image's index, so the same seed gives the same images whatever the batch size or sampler, and memory does not grow with -Count. Each image object carries its index, the run's seed and its own log-likelihood under the model (nats; BitsPerDim too), and is the same kind of object Import-Mnist streams, so Export-Png, Get-PixelCnnDistribution and Measure-PixelCnnLikelihood take it.

The default sampler, Cached, is exact and fast: it computes each layer once per pixel position, keeping the activations later pixels need (Ramachandran et al. 2017); it does about one forward pass of work per image instead of 784. For the tutorial's PixelCnn it folds BatchNorm into the convolutions and caches each residual block's inputs; for the Gated PixelCNN it computes the vertical stack of a whole row at the start of the row (it sees only rows above) and runs the horizontal stack pixel by pixel.

A class-conditional model (New-PixelCnn -Architecture Gated -Conditional) draws the digit given by -Label: one label for every image, or one per image (-Count then defaults to the number of labels). Without -Label it cycles through the digits 0,1,...,9. Each image carries its Label. -Sampler Naive runs the whole network for every pixel, as the tutorial does; with the same seed both give the same images.

Images are emitted as each batch completes; -BatchSize bounds memory, so large counts never hold all activations at once. A progress bar shows percent and remaining time; Ctrl+C stops between pixels.
'@
    Parameters  = @{
        Count       = 'Images to draw (default 16).'
        Model       = 'The model; by default the session''s current model, and with none the shipped Default model: the unconditional model that ships with the module with the lowest test bits/dim (-Verbose names it; Import-PixelCnn -Name PixelCnn, Gated or GatedConditional loads a particular one).'
        Label       = 'Class labels for a class-conditional model, by name or index (the digits 0-9, or the names of its classes; Tab completes them): one for every image, or one per image, in order. Without it a conditional model cycles through 0..9; an unconditional model refuses -Label.'
    }
    Examples    = @(
        @{ Code = 'Get-PixelCnnSample -Count 16 | Export-Png -Path samples.png -Grid'; Remarks = 'Draws 16 images from the current model and writes a 4x4 grid.' }
        @{ Code = "Get-PixelCnnSample -Count 16 -Seed 7 -Temperature 0.9 | Export-Png -Path 'out/sample-{0}.png'"; Remarks = 'Draws 16 reproducible, slightly sharpened images into one file each.' }
        @{ Code = 'Get-PixelCnnSample -Label 0,1,2,3,4,5,6,7,8,9 | Export-Png -Path digits.png -Grid -Columns 10'; Remarks = 'With a class-conditional Gated model: one image of each digit, in a row.' }
        @{ Code = 'Get-PixelCnnSample -Model (Import-PixelCnn -Name GatedConditional) -Label 3 -Count 8 -Guidance 2'; Remarks = 'Eight 3s from the shipped conditional model at guidance weight 2, guided by the model itself (it was trained with label dropout).' }
        @{ Code = 'Measure-Command { Get-PixelCnnSample -Count 16 -Seed 1 -Sampler Naive }'; Remarks = 'Times the tutorial''s sampler; the same seed with the default sampler gives the same 16 images far faster.' }
    )
    Inputs      = @(@{ Type = 'PixelCnn.Model.PixelCnnModel'; Description = 'The model to sample from.' })
    Outputs     = @(@{ Type = 'PixelCnn.Imaging.PixelCnnImage'; Description = 'One image per sample: Index, Seed, Label (conditional models), Pixels, LogLikelihood, BitsPerDim.' })
}
