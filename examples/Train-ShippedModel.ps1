<#
.SYNOPSIS
Trains the models that ship with the module on the full MNIST training split, with the module's own cmdlets: the
tutorial's PixelCNN ("PixelCnn"), the Gated PixelCNN ("Gated") or the class-conditional Gated PixelCNN
("GatedConditional"). Resumes where it stopped, so it can run over several sittings.

.DESCRIPTION
Trains on the first 55,000 training images and holds out the last 5,000 for validation; the test split is used
only once, for the final figure. After every epoch the run's checkpoint (with Adam's state) is written to
<RunFolder>/last.safetensors and the metrics are appended to <RunFolder>/metrics.csv; the epoch with the best
validation bpd (of its weight average or of its trained weights, whichever is lower) is kept as
<RunFolder>/best.safetensors. Running the script again resumes from last.safetensors.

With -Publish, the best checkpoint's weights that validated better (a run with -AverageWeights: the average, or the
trained weights through Import-PixelCnn -TrainedWeights while the average still lags behind) are measured on the
whole test split with Measure-PixelCnnLikelihood and shipped:
weights without optimizer state to module/models/<stem>.safetensors, and what was done (command,
hyperparameters, epochs, training wall time, hardware, validation and test bpd) to module/models/<stem>.json,
plus a sample grid drawn with the fast sampler to examples/images/<stem>-samples.png (a conditional model: two
rows of the digits 0-9). The stems are pixelcnn, gated and gated-conditional, as are the run folders. Whichever
unconditional shipped model has the lowest test bpd is "Default", the one Get-PixelCnnSample uses in a session
without a model.

.EXAMPLE
dotnet pwsh ./examples/Train-ShippedModel.ps1 -Epochs 2            # the tutorial's PixelCNN: two more epochs (resumes)

.EXAMPLE
dotnet pwsh ./examples/Train-ShippedModel.ps1 -Epochs 0 -Publish   # measure its best checkpoint and ship it

.EXAMPLE
dotnet pwsh ./examples/Train-ShippedModel.ps1 -Architecture Gated -Epochs 36 -Schedule Cosine -ScheduleEpochs 40 -AverageWeights   # the Gated model's recipe

.EXAMPLE
dotnet pwsh ./examples/Train-ShippedModel.ps1 -Architecture Gated -Conditional -Epochs 2   # the GatedConditional model

.EXAMPLE
dotnet pwsh ./examples/Train-ShippedModel.ps1 -Architecture Gated -Conditional -InitializeFrom module/models/gated.safetensors -Epochs 1 -LearningRate 3e-4 -Schedule Cosine -ScheduleEpochs 1 -LabelLearningRateScale 30   # a conditional model that starts as the shipped Gated one, its label embeddings learning 30 times faster
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [ValidateRange(0, 1000)][int]$Epochs = 1,
    [ValidateRange(1, 1024)][int]$HiddenDim = 64,
    # The architecture (New-PixelCnn validates it); the shipped model trained is named after it, with 'Conditional' added
    # for -Conditional (PixelCnn, Gated, GatedConditional).
    [ValidateNotNullOrEmpty()][string]$Architecture = 'PixelCnn',
    [switch]$Conditional,
    [ValidateRange(1, 4096)][int]$BatchSize = 64,
    [double]$LearningRate = 1e-3,
    [double]$LearningRateDecay = 0.99,
    # The recipe (Start-PixelCnnTraining -Schedule): the tutorial's exponential decay (the default), or cosine annealing
    # to zero over -ScheduleEpochs; a resumed run keeps its own unless given.
    [string]$Schedule,
    [ValidateRange(1, 100000)][int]$ScheduleEpochs,
    [ValidateRange(0, 100000)][double]$WarmupEpochs,
    [switch]$AverageWeights,
    # A conditional model's label parameters learn at this multiple of the rate (after -InitializeFrom they start at zero).
    [ValidateRange(0.001, 10000)][double]$LabelLearningRateScale,
    # A conditional model trains this share of the images without their label (Start-PixelCnnTraining -LabelDropout),
    # so it guides itself; given again on every resume.
    [ValidateRange(0, 0.99)][double]$LabelDropout,
    # Clip the gradients' global norm to this before every step (0: off); a resumed run keeps its own unless given.
    [ValidateRange(0, 1000000)][double]$GradientClipNorm,
    [ValidateRange(1, 1024)][int]$ThreadCount,
    # Start-PixelCnnTraining -Precision (default Float32); each epoch record keeps the precision it ran in.
    [string]$Precision,
    # A new run starts from this checkpoint's weights instead of random ones (New-PixelCnn -InitializeFrom), e.g. the
    # conditional model from the shipped unconditional Gated one; ignored when the run resumes.
    [string]$InitializeFrom,
    [int]$Seed = 1,
    [string]$RunFolder,
    [switch]$Publish,
    # With -Publish, the test figure is measured on the first this many test images (default: all 10,000, as the
    # shipped records are); a quick publish in a CI job can take fewer. The record keeps the count.
    [ValidateRange(500, 10000)][int]$TestImages = 10000,
    # With -Publish, a conditional model: the -Guidance weight its samples use by default (docs/conditional-sampling.md).
    [ValidateRange(0, 100)][double]$DefaultGuidance,
    # The module to train with (by default the repository's; a copy keeps a long run safe from rebuilds).
    [string]$ModulePath = (Join-Path $PSScriptRoot '..' 'PixelCnn.psd1')
)
$ErrorActionPreference = 'Stop'
$InformationPreference = 'Continue'   # status lines go to the information stream, shown at the console
$root = Join-Path $PSScriptRoot '..'
Import-Module $ModulePath
# The shipped models' names and file stems, from the module's catalogue.
$stems = (Get-Command Import-PixelCnn).OutputType[0].Type.Assembly.GetType('PixelCnn.Shipped.ShippedModels')::FileStems
$wanted = $Architecture + $(if ($Conditional) { 'Conditional' } else { '' })
$name = @($stems.Keys) | Where-Object { $_ -eq $wanted } | Select-Object -First 1
if (-not $name) { throw "No shipped model is named '$wanted' (the shipped models: $(@($stems.Keys) -join ', ')); train other models with New-PixelCnn and Start-PixelCnnTraining." }
$runName = $stems[$name]   # the shipped file's stem
# -Schedule and -Precision take the names of Start-PixelCnnTraining's own parameter types, checked before any data loads.
foreach ($parameter in 'Schedule', 'Precision') {
    $value = Get-Variable -Name $parameter -ValueOnly
    if (-not $value) { continue }
    $type = (Get-Command Start-PixelCnnTraining).Parameters[$parameter].ParameterType
    $type = [Nullable]::GetUnderlyingType($type) ?? $type
    if ($value -notin [Enum]::GetNames($type)) { throw "-$parameter '$value' is not one of: $([Enum]::GetNames($type) -join ', ')." }
}
if (-not $RunFolder) { $RunFolder = Join-Path $PSScriptRoot 'runs' $runName }

New-Item -ItemType Directory -Path $RunFolder -Force -WhatIf:$false | Out-Null
$last = Join-Path $RunFolder 'last.safetensors'
$best = Join-Path $RunFolder 'best.safetensors'
$metrics = Join-Path $RunFolder 'metrics.csv'

# The lower validation bpd of an epoch: its weight average's or its trained weights'.
function Get-BestValidationBpd($record) {
    if ($null -ne $record.TrainedValidationBpd -and $record.TrainedValidationBpd -lt $record.ValidationBpd) { $record.TrainedValidationBpd } else { $record.ValidationBpd }
}

$train = Import-Mnist -Split Train -First 55000
$validation = Import-Mnist -Split Train -Skip 55000
$model = if (Test-Path -LiteralPath $last) {
    Write-Information "Resuming from $last"
    Import-PixelCnn -Path $last
}
elseif ($InitializeFrom) {
    Import-PixelCnn -Path $InitializeFrom | New-PixelCnn -Conditional:$Conditional
}
else {
    New-PixelCnn -Architecture $Architecture -Conditional:$Conditional -HiddenDim $HiddenDim -Seed $Seed
}
Write-Information ("Model: {4}, hidden {0}, epoch {1}; training {2} images, validating on {3}" -f $model.HiddenDim, $model.Epoch, $train.Count, $validation.Count, $model)

if ($Epochs -gt 0) {
    # On a resume the checkpoint's own schedule and average continue unless these are given again.
    $recipe = @{}
    if ($PSBoundParameters.ContainsKey('Schedule')) { $recipe.Schedule = $Schedule }
    if ($AverageWeights) { $recipe.AverageWeights = $true }
    if ($ScheduleEpochs) { $recipe.ScheduleEpochs = $ScheduleEpochs }
    if ($WarmupEpochs) { $recipe.WarmupEpochs = $WarmupEpochs }
    if ($LabelLearningRateScale) { $recipe.LabelLearningRateScale = $LabelLearningRateScale }
    if ($PSBoundParameters.ContainsKey('GradientClipNorm')) { $recipe.GradientClipNorm = $GradientClipNorm }
    if ($LabelDropout) { $recipe.LabelDropout = $LabelDropout }
    if ($ThreadCount) { $recipe.ThreadCount = $ThreadCount }
    if ($Precision) { $recipe.Precision = $Precision }
    Start-PixelCnnTraining -Model $model -Data $train -ValidationData $validation -Epochs $Epochs -BatchSize $BatchSize `
        -LearningRate $LearningRate -LearningRateDecay $LearningRateDecay -Seed $Seed -CheckpointPath $last @recipe |
        ForEach-Object {
            $_ | Export-Csv -Path $metrics -Append -NoTypeInformation
            $bestSoFar = ($model.History | ForEach-Object { Get-BestValidationBpd $_ } | Measure-Object -Minimum).Minimum
            if ((Get-BestValidationBpd $_) -le $bestSoFar) {
                Copy-Item -LiteralPath $last -Destination $best -Force
                Write-Information ("Epoch {0}: validation {1:F4} bpd, the best so far: kept as {2}" -f $_.Epoch, (Get-BestValidationBpd $_), $best)
            }
            $_
        } | Format-Table | Out-Host
}

if ($Publish) {
    $candidate = if (Test-Path -LiteralPath $best) { $best } else { $last }   # a run committed without best.safetensors: its last epoch
    $run = Import-PixelCnn -Path $candidate
    $epochRecord = $run.History[-1]
    $chosen = if ($run.AverageDecay -and $null -ne $epochRecord.TrainedValidationBpd -and $epochRecord.TrainedValidationBpd -lt $epochRecord.ValidationBpd) {
        Write-Information ("Epoch {0}: the trained weights validated better than the average ({1:F4} against {2:F4} bpd): shipping them" -f $run.Epoch, $epochRecord.TrainedValidationBpd, $epochRecord.ValidationBpd)
        Import-PixelCnn -Path $candidate -TrainedWeights
    }
    else { $run }
    $test = Import-Mnist -Split Test -First $TestImages
    $testBpd = ($test | Measure-PixelCnnLikelihood -Model $chosen).BitsPerDim
    $first500Bpd = (Import-Mnist -Split Test -First 500 | Measure-PixelCnnLikelihood -Model $chosen).BitsPerDim
    $info = $chosen.GetType().Assembly.GetType('PixelCnn.Diagnostics.RuntimeInfo')
    $models = Join-Path $root 'module' 'models'
    New-Item -ItemType Directory -Path $models -Force | Out-Null
    $shipped = Join-Path $models "$runName.safetensors"
    if ($PSBoundParameters.ContainsKey('DefaultGuidance')) { $chosen.DefaultGuidance = $DefaultGuidance }
    Save-PixelCnn -Model $chosen -Path $shipped -ExcludeOptimizerState -Force | Out-Null
    $machines = @($chosen.History | Group-Object { if ($_.Hardware) { $_.Hardware } else { 'not recorded' } } | Sort-Object { $_.Group[0].Epoch } | ForEach-Object {
            '{0} (epochs {1})' -f $_.Name, (($_.Group.Epoch | Sort-Object) -join ', ')
        })
    $trainedOn = "$($machines -join '; '); $($info::Backend) backend"
    $recipeFlags = -join @(
        if ($chosen.InitializedFrom) { ' -InitializeFrom <the checkpoint in InitializedFrom>' }
        if ($chosen.BaseLearningRate -ne 1e-3) { " -LearningRate $($chosen.BaseLearningRate)" }
        if ("$($chosen.Schedule.Kind)" -eq 'Cosine') { " -Schedule Cosine -ScheduleEpochs $($chosen.Schedule.Epochs)" }
        if ($chosen.Schedule.WarmupEpochs -gt 0) { " -WarmupEpochs $($chosen.Schedule.WarmupEpochs)" }
        if ($chosen.Schedule.ScalesLabels) { " -LabelLearningRateScale $($chosen.Schedule.LabelScale)" }
        if ($run.AverageDecay) { ' -AverageWeights' }
        if ($chosen.LabelDropout) {
            $droppedFrom = ($chosen.History | Where-Object LabelDropout | Select-Object -First 1).Epoch
            " -LabelDropout $($chosen.LabelDropout)$(if ($droppedFrom -gt 1) { " (from epoch $droppedFrom on)" })"
        }
        if ($run.GradientClipNorm) {
            $clippedFrom = ($run.History | Where-Object GradientClipNorm | Select-Object -First 1).Epoch
            " -GradientClipNorm $($run.GradientClipNorm)$(if ($clippedFrom -gt 1) { " (from epoch $clippedFrom on)" })"
        }
    )
    $record = [ordered]@{
        File              = Split-Path -Leaf $shipped
        Name              = $name
        Architecture      = $chosen.Architecture
        Conditional       = $chosen.Conditional
        HiddenDim         = $chosen.HiddenDim
        InitializedFrom   = $chosen.InitializedFrom
        Command           = "dotnet pwsh ./examples/Train-ShippedModel.ps1$(if ($name -ne 'PixelCnn') { " -Architecture $Architecture$(if ($Conditional) { ' -Conditional' })" })$recipeFlags -Epochs <n> (the first time; then -Epochs <n> repeated, resuming), then -Epochs 0 -Publish$(if ($chosen.Weights -ne $run.Weights) { ' (which ships the trained weights when they validate better than the average)' })"
        TrainingData      = 'MNIST train images 0-54999'
        ValidationData    = 'MNIST train images 55000-59999'
        BatchSize         = $BatchSize
        LearningRate      = $chosen.BaseLearningRate
        LearningRateDecay = $chosen.LearningRateDecay
        Schedule          = "$($chosen.Schedule)"
        AverageDecay      = $run.AverageDecay
        # Averaged: the run's weight average; Trained: its trained weights, which validated better at the chosen epoch.
        Weights           = $chosen.Weights
        # A conditional model trained with label dropout guides itself (Get-PixelCnnSample -Guidance).
        LabelDropout      = if ($chosen.LabelDropout) { $chosen.LabelDropout }
        DefaultGuidance   = $chosen.DefaultGuidance
        DataOrderSeed     = $chosen.TrainingSeed
        EpochsTrained     = $chosen.Epoch
        ChosenEpoch       = $chosen.Epoch
        ValidationBpd     = [math]::Round($chosen.ValidationBpd, 4)
        TestBpd           = [math]::Round($testBpd, 4)
        TestImages        = $test.Count
        TestBpdFirst500   = [math]::Round($first500Bpd, 4)
        TrainingSeconds   = [math]::Round(($chosen.History | Measure-Object -Property Seconds -Sum).Sum, 0)
        # Where the epochs ran (each epoch record keeps it; older records do not), and where the test figure was measured.
        Hardware          = $trainedOn
        MeasuredOn        = "$($info::Hardware($chosen.TorchDevice)), $($info::Threads) libtorch threads"
        Software          = "PixelCnn $((Import-PowerShellDataFile (Join-Path $root 'PixelCnn.psd1')).ModuleVersion), TorchSharp $($info::TorchSharpVersion), libtorch $($info::LibTorchVersion)"
        Date              = (Get-Date).ToUniversalTime().ToString('yyyy-MM-dd')
        History           = @($chosen.History | ForEach-Object {
                [ordered]@{
                    Epoch = $_.Epoch; TrainBpd = [math]::Round($_.TrainBpd, 4); MaxBatchBpd = if ($_.MaxBatchBpd) { [math]::Round($_.MaxBatchBpd, 4) }; ValidationBpd = [math]::Round($_.ValidationBpd, 4)
                    MeanGradientNorm = if ($_.MeanGradientNorm) { [math]::Round($_.MeanGradientNorm, 3) }; MaxGradientNorm = if ($_.MaxGradientNorm) { [math]::Round($_.MaxGradientNorm, 3) }
                    GradientClipNorm = $_.GradientClipNorm; ClippedBatches = if ($_.GradientClipNorm) { $_.ClippedBatches }
                    TrainedValidationBpd = if ($null -ne $_.TrainedValidationBpd) { [math]::Round($_.TrainedValidationBpd, 4) }
                    LearningRate = $_.LearningRate; LabelDropout = $_.LabelDropout
                    Seconds = [math]::Round($_.Seconds, 0); Threads = $_.Threads; Precision = $_.Precision; Hardware = $_.Hardware
                }
            })
    }
    $record | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath (Join-Path $models "$runName.json")
    $images = Join-Path $PSScriptRoot 'images'
    New-Item -ItemType Directory -Path $images -Force | Out-Null
    $grid = Join-Path $images "$runName-samples.png"
    if ($chosen.Conditional) {
        Get-PixelCnnSample -Model $chosen -Label ((0..9) + (0..9)) -Seed 1 | Export-Png -Path $grid -Grid -Columns 10 -Scale 2 -Force | Out-Null
    }
    else {
        Get-PixelCnnSample -Model $chosen -Count 16 -Seed 1 | Export-Png -Path $grid -Grid -Scale 2 -Force | Out-Null
    }
    Write-Information ("Shipped {0}: epoch {1}, {2} weights, validation {3:F4} bpd, test {4:F4} bpd" -f $shipped, $chosen.Epoch, $chosen.Weights.ToLowerInvariant(), $chosen.ValidationBpd, $testBpd)
}
