<#
.SYNOPSIS
Measure-PixelCnnLikelihood's speed by -BatchSize, for the shipped models and a tiny Gated model (hidden 2, where the
256-way output dominates): images/s, median of several runs after a warm-up. It chose the CPU default in
Devices/DeviceDefaults.cs, which training's validation uses too. Run it on a quiet machine; libtorch uses its default, one thread per core.

.EXAMPLE
dotnet pwsh ./bench/Measure-LikelihoodBatchSize.ps1 -ModulePath ./output/PixelCnn/PixelCnn.psd1
#>
param(
    [int[]]$BatchSize = @(8, 16, 32, 64, 128, 256),
    [int]$Images = 512,
    [int]$Repeat = 3,
    [string]$ModulePath = (Join-Path $PSScriptRoot '..' 'PixelCnn.psd1')
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$models = [ordered]@{
    'Default (Gated, hidden 64)' = Import-PixelCnn -Name Default
    'PixelCnn (hidden 64)'       = Import-PixelCnn -Name PixelCnn
    'Gated, hidden 2'            = New-PixelCnn -Architecture Gated -HiddenDim 2 -Seed 1 -Device Cpu
}
$data = Import-Mnist -Split Test -First $Images
foreach ($name in $models.Keys) {
    $model = $models[$name]
    $null = $data | Measure-PixelCnnLikelihood -Model $model -BatchSize 32
    foreach ($b in $BatchSize) {
        $seconds = @(foreach ($r in 1..$Repeat) { (Measure-Command { $null = $data | Measure-PixelCnnLikelihood -Model $model -BatchSize $b }).TotalSeconds }) | Sort-Object
        $median = $seconds[[math]::Floor($seconds.Count / 2)]
        [pscustomobject]@{ Model = $name; BatchSize = $b; Images = $Images; Threads = [Environment]::ProcessorCount; Seconds = [math]::Round($median, 2); ImagesPerSecond = [math]::Round($Images / $median, 1) }
    }
}
