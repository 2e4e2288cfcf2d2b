@{
    Synopsis    = 'Measures the negative log-likelihood and bits per dimension of images under a model.'
    Description = @'
Runs the model in eval mode over the images (batched, with progress) and reports the mean negative log-likelihood of an image in nats, of a pixel in nats, and bits per dimension (nats per pixel / ln 2, no dequantization: the convention of published MNIST PixelCNN results). With -PerImage, one record per image instead.

A class-conditional model measures each image under its own Label (MNIST images and samples from a conditional model carry one); an image without a label is measured without one (the model unconditional) when the model was trained with label dropout (its LabelDropout above 0, like the shipped GatedConditional), and stops the command with the error LabelRequired otherwise.
'@
    Parameters  = @{
        InputObject = 'Images or a dataset (Import-Mnist, Get-PixelCnnSample).'
        Model       = 'The model; by default the session''s current model.'
        PerImage    = 'Emit one record per image (with its Index and Label) instead of one for all.'
        BatchSize   = 'Images per forward pass (default 32 on the CPU, where larger batches are slower, 1024 on CUDA). The figures do not depend on it: the per-image sums stay on the device and come to the host once.'
    }
    Examples    = @(
        @{ Code = 'Import-Mnist -Split Test | Measure-PixelCnnLikelihood'; Remarks = 'Bits per dimension of the whole test split.' }
        @{ Code = '$test | Select-Object -First 100 | Measure-PixelCnnLikelihood -PerImage | Sort-Object BitsPerDim -Descending | Select-Object -First 3'; Remarks = 'The three test images the model finds least likely.' }
    )
    Inputs      = @(@{ Type = 'PixelCnn.Imaging.PixelCnnImage'; Description = 'Images, or a PixelCnn.Data.ImageDataset.' })
    Outputs     = @(@{ Type = 'PixelCnn.Likelihood.PixelCnnLikelihood'; Description = 'Scope, Index, Label, Images, NegativeLogLikelihood, NatsPerPixel, BitsPerDim.' })
}
