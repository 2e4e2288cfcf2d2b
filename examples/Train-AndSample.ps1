<#
.SYNOPSIS
Trains a PixelCNN on MNIST, samples from it and writes a grid of the samples: the whole pipeline in one script.

.DESCRIPTION
Defaults make a short run that finishes in about a minute on 2 CPU cores (hidden 16, 6,000 training images in
batches of 32, 2 epochs: about 1.2 bits/dim); raise -TrainImages, -Epochs and -HiddenDim for real results (the full training split is 60,000 images).
Writes into -OutputFolder: metrics.csv (one row per epoch, written as epochs finish), model.safetensors
(the checkpoint after every epoch) and samples.png.

.EXAMPLE
dotnet pwsh ./examples/Train-AndSample.ps1

.EXAMPLE
dotnet pwsh ./examples/Train-AndSample.ps1 -HiddenDim 64 -TrainImages 60000 -Epochs 10 -OutputFolder run64
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [ValidateRange(1, 1024)][int]$HiddenDim = 16,
    [ValidateRange(1, 60000)][int]$TrainImages = 6000,
    [ValidateRange(1, 10000)][int]$ValidationImages = 1000,
    [ValidateRange(1, 1000)][int]$Epochs = 2,
    [ValidateRange(1, 4096)][int]$BatchSize = 32,
    [ValidateRange(1, 1024)][int]$Samples = 16,
    [int]$Seed = 1,
    [string]$OutputFolder = 'run'
)
$ErrorActionPreference = 'Stop'
$InformationPreference = 'Continue'   # status lines go to the information stream, shown at the console
Import-Module (Join-Path $PSScriptRoot '..' 'PixelCnn.psd1')

New-Item -ItemType Directory -Path $OutputFolder -Force -WhatIf:$false | Out-Null
$train = Import-Mnist -Split Train -First $TrainImages
$test = Import-Mnist -Split Test -First $ValidationImages
$model = New-PixelCnn -HiddenDim $HiddenDim -Seed $Seed

$watch = [System.Diagnostics.Stopwatch]::StartNew()
Start-PixelCnnTraining -Model $model -Data $train -ValidationData $test -Epochs $Epochs -BatchSize $BatchSize -Seed $Seed `
    -CheckpointPath (Join-Path $OutputFolder 'model.safetensors') |
    Tee-Object -Variable records |
    Export-Csv -Path (Join-Path $OutputFolder 'metrics.csv') -NoTypeInformation
$records | Format-Table | Out-Host

$grid = Get-PixelCnnSample -Model $model -Count $Samples -Seed $Seed |
    Export-Png -Path (Join-Path $OutputFolder 'samples.png') -Grid -Scale 2 -Force
Write-Information ("Trained {0} epoch(s) and sampled {1} images in {2:N0} s; validation {3:F3} bits/dim. Samples: {4}" -f
    $Epochs, $Samples, $watch.Elapsed.TotalSeconds, $records[-1].ValidationBpd, $grid.FullName)
