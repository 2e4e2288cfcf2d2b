@{
    Synopsis    = 'Trains a PixelCNN on MNIST, emitting one record per epoch as it finishes.'
    Description = @'
Trains with Adam on the cross-entropy over the 256 values of every pixel, with train-mode BatchNorm; validation (after every epoch, with -ValidationData) runs in eval mode. The learning rate follows a schedule over the model's whole life: Exponential (the UvA tutorial's, the default) gives epoch e (counted from 0) LearningRate * LearningRateDecay^e; Cosine anneals it every batch from LearningRate to zero at epoch -ScheduleEpochs. -WarmupEpochs raises it linearly from near zero over the first epochs of either schedule.

-AverageWeights keeps a Polyak average (an exponential moving average with -AverageDecay per step, as PixelCNN++ does) of the weights. The average is what the model samples, measures and saves with; the trained weights are kept in the checkpoint's training state for resuming. Each epoch record then has ValidationBpd of the average and TrainedValidationBpd of the trained weights (Import-PixelCnn -TrainedWeights loads them from the checkpoint). Once a model keeps an average it keeps it on every later training.

Each finished epoch emits a record (Epoch, TrainBpd, ValidationBpd, LearningRate, Seconds, ImagesPerSecond), so Export-Csv and ForEach-Object see the epochs live. Bits per dimension are the mean negative log-likelihood of a pixel in nats divided by ln 2, without dequantization. A progress bar shows the batch, percent and remaining time; -Verbose tells what data and device are used.

With -CheckpointPath the model is saved (atomically) after every epoch. Ctrl+C stops at the next batch boundary: the model stays usable and the last checkpoint stays whole. A model imported from a checkpoint continues its epoch count, Adam's state and the learning-rate schedule; -LearningRate, -LearningRateDecay and -Seed default to the model's own values when it was trained before. A non-finite loss stops training with an error and leaves the checkpoint as it was.

A class-conditional Gated model (New-PixelCnn -Architecture Gated -Conditional) trains on each image's MNIST label and validates with the validation images' labels; other models ignore labels. Both architectures train the same way: the Gated PixelCNN has no BatchNorm, so train and eval mode compute the same.

The trained model becomes the session's current model.
'@
    Parameters  = @{
        Model             = 'The model to train; by default the session''s current model (the last one created, imported or trained).'
        Data              = 'Training images (an Import-Mnist dataset). Default: the MNIST training split, found as Import-Mnist finds it.'
        ValidationData    = 'Images to measure validation bits per dimension on after every epoch (for example Import-Mnist -Split Test).'
        Epochs            = 'Epochs to train in this call (default 1); numbering continues from the model''s epoch count.'
        BatchSize         = 'Images per batch (default 128, the published recipe, on every device, so a run gives the same model wherever it runs).'
        LearningRate      = 'Adam''s learning rate at epoch 0 of the schedule (default 1e-3, or the model''s own when it was trained before).'
        LearningRateDecay = 'Factor applied to the learning rate after every epoch (default 0.99, or the model''s own).'
        Schedule          = 'Exponential (default: LearningRate * LearningRateDecay^epoch) or Cosine (annealed every batch from LearningRate to zero at -ScheduleEpochs). Default: the model''s own when it was trained before.'
        ScheduleEpochs    = 'Length of a Cosine schedule, in epochs of the model''s life. Default: the model''s own, else its epoch count after this call. Training past the end is an error (ScheduleEnded): pass a larger value to extend it.'
        WarmupEpochs      = 'Epochs of linear learning-rate warm-up at the start of the schedule (default 0, or the model''s own).'
        LabelLearningRateScale = 'A class-conditional model''s label embeddings learn at this multiple of the learning rate (default 1, or the model''s own when resuming); Adam keeps them in a parameter group of their own. After New-PixelCnn -InitializeFrom they start at zero and, at a rate that suits the trained weights, barely move in an epoch; 10-30 lets them learn the classes. An unconditional model has no label parameters (LabelLearningRateScaleNeedsConditionalModel); a model trained with one rate for all parameters cannot switch to a scaled label group on resume, nor back (LabelLearningRateScaleChange).'
        LabelDropout      = 'A class-conditional model trains this share of the images (drawn anew every epoch from the seed) without their label, so it also learns to draw without one: -Guidance then takes the unconditional logits from the model itself, with no second model (classifier-free guidance, Ho and Salimans 2022, who use 0.1 to 0.2). Default 0. Each epoch record keeps its LabelDropout and the model''s LabelDropout is that of its last epoch; an unconditional model has no labels to drop (LabelDropoutNeedsConditionalModel).'
        GradientClipNorm  = 'Clip the global L2 norm of the gradients to this before every Adam step, as PyTorch''s clip_grad_norm_ does (every gradient times min(1, this value / (the gradient norm + 1e-6))). Default: the model''s own when it was trained with it (checkpoints keep it), else no clipping; 0 turns it off. Adam takes a sudden large gradient as a step of several learning rates in every weight, which can undo epochs of progress; clipping at a little above the usual norm leaves ordinary batches bit for bit as they were. Each epoch record has MeanGradientNorm and MaxGradientNorm (before clipping), GradientClipNorm and ClippedBatches.'
        AverageWeights    = 'Keep a Polyak average of the weights, used for validation, sampling, likelihoods and checkpoints.'
        AverageDecay      = 'Decay of the weight average per step (default 0.9995); early steps use min(decay, (1 + n) / (10 + n)).'
        Precision         = 'Float32 (default: the same seed gives the same model on every CPU), BFloat16 or Auto. BFloat16 is mixed precision: convolutions run in bfloat16 while weights, gradients, Adam''s state, BatchNorm and the loss stay float32; checkpoints are float32. Auto picks BFloat16 on a CPU with AMX-BF16 or on an AMD CPU with AVX512-BF16, and Float32 elsewhere (on an Intel CPU with AVX512-BF16 but no AMX it was measured slower); -Verbose says which and why. BFloat16 on a CPU with neither AMX-BF16 nor AVX512-BF16 is an error (BFloat16NotSupported). Validation, likelihoods and sampling are always float32.'
        ThreadCount       = 'libtorch threads while training (default: libtorch''s, one per core); the earlier count is restored afterwards. One thread leaves the other cores to other work.'
        Seed              = 'Seed of the order of the training images (epoch e shuffles with it), for a reproducible run. Default: the model''s own, else random.'
        CheckpointPath    = 'A .safetensors file written after every epoch, atomically (temporary file, then rename).'
        PassThru          = 'Also emit the model when training ends.'
    }
    Examples    = @(
        @{ Code = 'New-PixelCnn -HiddenDim 64 | Start-PixelCnnTraining -Epochs 10'; Remarks = 'Trains a new model for 10 epochs on the MNIST training split.' }
        @{ Code = "`$train = Import-Mnist; `$test = Import-Mnist -Split Test`nStart-PixelCnnTraining -Model `$m -Data `$train -ValidationData `$test -Epochs 10 -BatchSize 128 -LearningRate 1e-3 -CheckpointPath run/model.safetensors | Export-Csv run/metrics.csv"; Remarks = 'Trains with validation and a checkpoint per epoch, writing the metrics CSV as the epochs finish.' }
        @{ Code = 'New-PixelCnn -Architecture Gated | Start-PixelCnnTraining -Epochs 40 -Schedule Cosine -AverageWeights -CheckpointPath gated.safetensors'; Remarks = 'The faster-converging recipe: cosine annealing over the 40 epochs and a weight average.' }
        @{ Code = 'Import-PixelCnn -Name Gated | New-PixelCnn -Conditional | Start-PixelCnnTraining -LearningRate 3e-4 -Schedule Cosine -LabelLearningRateScale 30'; Remarks = 'A class-conditional model that starts as the shipped Gated one (label embeddings at zero) and learns the classes in one epoch.' }
        @{ Code = 'Import-PixelCnn run/model.safetensors | Start-PixelCnnTraining -Epochs 5'; Remarks = 'Resumes a run: epoch numbering, Adam''s state and the learning-rate schedule continue.' }
    )
    Inputs      = @(@{ Type = 'PixelCnn.Model.PixelCnnModel'; Description = 'The model to train.' })
    Outputs     = @(
        @{ Type = 'PixelCnn.Training.PixelCnnEpochRecord'; Description = 'One record per finished epoch.' }
        @{ Type = 'PixelCnn.Model.PixelCnnModel'; Description = 'With -PassThru, the model at the end.' }
    )
}
