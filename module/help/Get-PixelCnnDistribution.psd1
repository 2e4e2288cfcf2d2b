@{
    Synopsis    = 'Shows the predicted distribution of every pixel of each image: 784 records per image.'
    Description = @'
Runs the model in eval mode on batches of images from the pipeline (-BatchSize, one forward pass and one download from the device per batch) and emits one record per pixel of each image in raster order: ImageIndex, Row, Column, the actual Value, the Probability the model gives it, its NegativeLogLikelihood (nats), the Entropy of the distribution (bits), the MostLikely value, the Expected value, and all 256 Probabilities (they sum to 1). Records stream out as each batch is done (at the end of the input for the last, smaller batch). Within a batch oneDNN may round a convolution differently than for one image alone: figures agree to about 1e-6 nats, not bit for bit.

Export-Png draws the records of each image as a heat map (-Map Entropy, NegativeLogLikelihood or Probability).

A class-conditional model predicts each image's pixels given its Label; an image without a label is predicted without one when the model was trained with label dropout (its LabelDropout above 0), and otherwise gets a non-terminating LabelRequired error and the others go on.
'@
    Parameters  = @{
        InputObject = 'Images (Import-Mnist, Get-PixelCnnSample); a dataset is expanded into its images.'
        Model       = 'The model; by default the session''s current model.'
        BatchSize   = 'Images per forward pass (default 16). Each image''s 784 records hold 256 probabilities each, about 0.8 MB; a batch holds them all until it streams out.'
    }
    Examples    = @(
        @{ Code = '$test | Select-Object -First 1 | Get-PixelCnnDistribution | Sort-Object Entropy -Descending | Select-Object -First 5'; Remarks = 'The five pixels of the first test image where the model is least sure.' }
        @{ Code = '$test | Select-Object -First 1 | Get-PixelCnnDistribution | Export-Png -Path entropy.png -Map Entropy -Scale 8'; Remarks = 'Draws where the model is unsure as a heat map.' }
    )
    Inputs      = @(@{ Type = 'PixelCnn.Imaging.PixelCnnImage'; Description = 'Images, or a PixelCnn.Data.ImageDataset.' })
    Outputs     = @(@{ Type = 'PixelCnn.Likelihood.PixelCnnPixelDistribution'; Description = 'One record per pixel.' })
}
