<#
.SYNOPSIS
An A/B of training recipes on the same data, seed and initial weights: the tutorial's exponential decay against
cosine annealing, each with a weight average (its validation bpd and the trained weights' are both recorded, so every
run answers "does averaging help" too). Prints validation bpd per epoch per variant and writes bench/recipe.json.

.DESCRIPTION
A reduced setting that fits beside a long training run: Gated PixelCNN, -HiddenDim (default 32), the first -Images
MNIST training images (default 10,000), validation on MNIST training images 55,000-56,999, batch 64, -Epochs
(default 4), one libtorch thread. Not a test.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$ModulePath,
    [string]$OutputPath = (Join-Path $PSScriptRoot 'recipe.json'),
    [int]$HiddenDim = 32,
    [int]$Images = 10000,
    [int]$Epochs = 4,
    [int]$ThreadCount = 1
)
$ErrorActionPreference = 'Stop'
$InformationPreference = 'Continue'   # status lines go to the information stream, shown at the console
Import-Module $ModulePath
$train = Import-Mnist -Split Train -First $Images
$validation = Import-Mnist -Split Train -Skip 55000 -First 2000
$variants = @(
    @{ Name = 'Exponential 0.99'; Schedule = 'Exponential' }
    @{ Name = "Cosine over $Epochs"; Schedule = 'Cosine' }
)
$rows = foreach ($variant in $variants) {
    $model = New-PixelCnn -Architecture Gated -HiddenDim $HiddenDim -Seed 1
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    Start-PixelCnnTraining -Model $model -Data $train -ValidationData $validation -Epochs $Epochs -BatchSize 64 -Seed 1 `
        -Schedule $variant.Schedule -ScheduleEpochs $Epochs -AverageWeights -ThreadCount $ThreadCount | ForEach-Object {
        $row = [pscustomobject]@{
            Schedule = $variant.Name; Epoch = $_.Epoch; TrainBpd = [math]::Round($_.TrainBpd, 4)
            TrainedValidationBpd = [math]::Round($_.TrainedValidationBpd, 4); AveragedValidationBpd = [math]::Round($_.ValidationBpd, 4)
            LearningRate = $_.LearningRate; Seconds = [math]::Round($_.Seconds, 0)
        }
        Write-Information ("{0,-18} epoch {1}: train {2:F4}, validation trained {3:F4}, averaged {4:F4} bpd ({5:F0} s)" -f $row.Schedule, $row.Epoch, $row.TrainBpd, $row.TrainedValidationBpd, $row.AveragedValidationBpd, $row.Seconds)
        $row
    }
    $model.Dispose()
}
$info = $train.GetType().Assembly.GetType('PixelCnn.Diagnostics.RuntimeInfo')
[ordered]@{
    Setting = [ordered]@{ Architecture = 'Gated'; HiddenDim = $HiddenDim; Images = $Images; ValidationImages = $validation.Count; BatchSize = 64; Epochs = $Epochs; Threads = $ThreadCount; Seed = 1; LearningRate = 1e-3; AverageDecay = 0.9995 }
    Cpu = $info::Cpu; Date = (Get-Date).ToUniversalTime().ToString('u')
    Rows = @($rows)
} | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $OutputPath
$rows | Format-Table -AutoSize | Out-Host
