<#
.SYNOPSIS
What a model costs as its images grow: training images/s, sampling time (cached and naive) and peak memory for the
Gated PixelCNN at several image sizes, each size in a fresh process. Never part of the tests.

.DESCRIPTION
For each size: random pictures in MNIST's IDX layout (Import-Mnist -Path reads any size), a Gated model of that size
(hidden -HiddenDim, seeded), -Epochs epochs of -TrainImages images in batches of -BatchSize (the last epoch's images/s
is reported: the first warms up), -SampleCount images from the cached sampler, and one image from the naive sampler
(each pixel a full forward pass). Peak memory is the process's peak working set. Writes bench/image-size.json and
prints a table.

.EXAMPLE
dotnet pwsh ./bench/Measure-ImageSize.ps1 -ModulePath ./output/PixelCnn/PixelCnn.psd1
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$ModulePath,
    [string[]]$Size = @('16x16', '28x28', '32x32', '64x64'),
    [int]$HiddenDim = 64,
    [int]$TrainImages = 256,
    [int]$BatchSize = 64,
    [int]$Epochs = 2,
    [int]$SampleCount = 16,
    [string]$Precision = 'Float32',
    [string]$OutputPath = (Join-Path $PSScriptRoot 'image-size.json'),
    # Internal: measure one size in this process and print its figures as JSON.
    [string]$One
)
$ErrorActionPreference = 'Stop'
$InformationPreference = 'Continue'

if ($One) {
    Import-Module $ModulePath
    Import-Module (Join-Path $PSScriptRoot '..' 'tests' 'Pester' 'TestHelpers.psm1')  # Write-Idx
    $height, $width = [int[]]($One -split 'x')
    $folder = Join-Path ([IO.Path]::GetTempPath()) "pixelcnn-size-$PID"
    New-Item -ItemType Directory -Path $folder -Force | Out-Null
    try {
        $pixels = [byte[]]::new($TrainImages * $height * $width)
        [Random]::new(1).NextBytes($pixels)
        $dimensions = $TrainImages, $height, $width
        Write-Idx -Path (Join-Path $folder 'train-images-idx3-ubyte') -Magic 0x803 -Dimensions $dimensions -Data $pixels
        Write-Idx -Path (Join-Path $folder 'train-labels-idx1-ubyte') -Magic 0x801 -Dimensions $TrainImages `
            -Data ([byte[]]::new($TrainImages))
        $data = Import-Mnist -Path $folder
        $model = New-PixelCnn -Architecture Gated -HiddenDim $HiddenDim -Height $height -Width $width -Seed 1 -Device Cpu
        $records = Start-PixelCnnTraining -Model $model -Data $data -Epochs $Epochs -BatchSize $BatchSize -Seed 1 -Precision $Precision
        $cached = Measure-Command { Get-PixelCnnSample -Model $model -Count $SampleCount -Seed 1 | Out-Null }
        $naive = Measure-Command { Get-PixelCnnSample -Model $model -Count 1 -Seed 1 -Sampler Naive | Out-Null }
        [pscustomobject]@{
            Size = $One; Pixels = $height * $width
            TrainImagesPerSecond = [math]::Round($records[-1].ImagesPerSecond, 1)
            CachedSeconds = [math]::Round($cached.TotalSeconds, 2); CachedImages = $SampleCount
            NaiveSecondsPerImage = [math]::Round($naive.TotalSeconds, 2)
            PeakWorkingSetMiB = [math]::Round([Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB)
            Hardware = $records[-1].Hardware; Precision = "$($records[-1].Precision)"
        } | ConvertTo-Json -Compress
    }
    finally { Remove-Item -LiteralPath $folder -Recurse -Force }
    return
}

Import-Module (Join-Path $PSScriptRoot '..' 'build' 'BuildTools.psm1')
$pwsh = Get-PwshCommand
$rows = foreach ($s in $Size) {
    Write-Information "Measuring $s ..."
    $line = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File $PSCommandPath -ModulePath $ModulePath -One $s -HiddenDim $HiddenDim `
        -TrainImages $TrainImages -BatchSize $BatchSize -Epochs $Epochs -SampleCount $SampleCount -Precision $Precision |
        Select-Object -Last 1
    if ($LASTEXITCODE -ne 0) { throw "Measuring $s failed (exit code $LASTEXITCODE)." }
    $line | ConvertFrom-Json
}
$rows | Format-Table Size, Pixels, TrainImagesPerSecond, CachedSeconds, CachedImages, NaiveSecondsPerImage, PeakWorkingSetMiB | Out-Host
$rows | ConvertTo-Json | Set-Content -LiteralPath $OutputPath
Write-Information "Hardware: $($rows[0].Hardware); precision $($rows[0].Precision). Written: $OutputPath"
