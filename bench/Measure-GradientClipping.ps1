<#
.SYNOPSIS
What -GradientClipNorm does to a run from one of its checkpoints: trains on consecutive slices of the training images
(each slice one short epoch, the checkpoint's schedule and Adam state continuing) and reports per slice the mean training
bpd, the worst batch, the gradients' mean and largest norm (before clipping) and how many batches were clipped.

.EXAMPLE
dotnet pwsh ./bench/Measure-GradientClipping.ps1 -Path examples/runs/gated/best.safetensors -TrainedWeights              # without clipping
dotnet pwsh ./bench/Measure-GradientClipping.ps1 -Path examples/runs/gated/best.safetensors -TrainedWeights -Clip 3      # clipped to norm 3
#>
param(
    [Parameter(Mandatory)][string]$Path,
    # The norm to clip to (0: no clipping).
    [double]$Clip = 0,
    [switch]$TrainedWeights,
    [int]$Slices = 4,
    [int]$ImagesPerSlice = 1600,
    [int]$BatchSize = 64,
    [int]$ThreadCount = 2,
    [string]$ModulePath = (Join-Path $PSScriptRoot '..' 'PixelCnn.psd1')
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$model = Import-PixelCnn -Path $Path -TrainedWeights:$TrainedWeights
# A cosine schedule ends at the checkpoint's planned epoch; short slices count as epochs, so give it room.
$room = if ("$($model.Schedule.Kind)" -eq 'Cosine') { @{ ScheduleEpochs = [math]::Max($model.Schedule.Epochs, $model.Epoch + $Slices) } } else { @{} }
foreach ($k in 0..($Slices - 1)) {
    $data = Import-Mnist -First $ImagesPerSlice -Skip ($ImagesPerSlice * $k)
    $r = Start-PixelCnnTraining -Model $model -Data $data -Epochs 1 -BatchSize $BatchSize -ThreadCount $ThreadCount -GradientClipNorm $Clip @room
    [pscustomobject]@{
        Slice            = $k
        Images           = "$($ImagesPerSlice * $k)-$($ImagesPerSlice * ($k + 1) - 1)"
        Clip             = if ($Clip -gt 0) { $Clip } else { 'none' }
        TrainBpd         = [math]::Round($r.TrainBpd, 4)
        MaxBatchBpd      = [math]::Round($r.MaxBatchBpd, 4)
        MeanGradientNorm = [math]::Round($r.MeanGradientNorm, 3)
        MaxGradientNorm  = [math]::Round($r.MaxGradientNorm, 3)
        ClippedBatches   = "$($r.ClippedBatches) of $([math]::Ceiling($ImagesPerSlice / $BatchSize))"
    }
}
