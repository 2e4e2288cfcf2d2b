# Descriptions of the sampling parameters Get-PixelCnnSample and Complete-PixelCnnImage share (their base class
# SamplingCmdlet declares them); Build-Help.ps1 takes a parameter's description from the cmdlet's own source, else from
# the source named after the class that declares the parameter.
@{
    Parameters = @{
        Seed               = 'Seed of the run: the same seed gives the same images (or completions) whatever the batch size or sampler. Default: a random seed, recorded on each image.'
        Temperature        = 'Logits are divided by this before sampling: below 1 is sharper, above 1 more varied (default 1). The reported log-likelihood is always under the model itself.'
        Guidance           = 'Classifier-free guidance for a class-conditional model: every pixel is drawn from c + w (c - u), where c are the conditional model''s logits for the label, u the unconditional logits for the same pixels so far, and w this weight. Default: the model''s DefaultGuidance (Import-PixelCnn shows it), else none. 0 is plain conditional sampling; larger weights follow the label more closely and vary less (docs and bench/Measure-ConditionalModel.ps1 measure it). One more network evaluation per pixel; the images'' LogLikelihood stays that of the conditional model.'
        UnconditionalModel = 'The unconditional model -Guidance compares with, on the same device. Default: the model itself without a label when it was trained with Start-PixelCnnTraining -LabelDropout (its LabelDropout above 0), else the shipped Default model.'
        BatchSize          = 'Images (or completions) sampled at once (default 64 on the CPU, 256 on CUDA: a GPU runs a pixel step for many images in about the time of a few). Bounds memory; the images do not depend on it.'
        Sampler            = 'Cached (default): exact fast sampling, each network evaluated one pixel at a time with cached activations (a model whose mask opens a position its design keeps closed falls back to Naive with a warning). Naive: the whole network runs for every pixel (the tutorial''s way), for comparison; the same seed gives the same images.'
    }
}
