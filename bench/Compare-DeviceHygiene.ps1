<#
.SYNOPSIS
Times the commands the device-hygiene change touched, for one build of the module: training, distributions,
likelihood and sampling of a Gated h64 model on the CPU.

.DESCRIPTION
Run it alternately for two builds (for example a copy of an older output/PixelCnn and the current one) on a quiet
machine; the README's "Running on CUDA" section gives the figures measured with it.

.EXAMPLE
dotnet pwsh ./bench/Compare-DeviceHygiene.ps1 -ModulePath ./output/PixelCnn/PixelCnn.psd1 -Label after
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$ModulePath,
    [string]$Label = 'module'
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$train = Import-Mnist -First 640
$test = Import-Mnist -Split Test -First 1000
$m = New-PixelCnn -Architecture Gated -HiddenDim 64 -Device Cpu -Seed 1
Start-PixelCnnTraining -Model $m -Data (Import-Mnist -First 128) -Epochs 1 -BatchSize 64 | Out-Null   # warm-up
$record = Start-PixelCnnTraining -Model $m -Data $train -Epochs 1 -BatchSize 64 -Seed 1
$watch = [Diagnostics.Stopwatch]::StartNew(); $null = $test | Select-Object -First 32 | Get-PixelCnnDistribution -Model $m; $distributions = $watch.Elapsed.TotalSeconds
$watch = [Diagnostics.Stopwatch]::StartNew(); $null = $test | Measure-PixelCnnLikelihood -Model $m; $likelihood = $watch.Elapsed.TotalSeconds
$watch = [Diagnostics.Stopwatch]::StartNew(); $null = Get-PixelCnnSample -Model $m -Count 16 -Seed 1; $sampling = $watch.Elapsed.TotalSeconds
'{0}: train {1:N1} img/s, distributions of 32 images {2:N2} s, likelihood of 1000 {3:N2} s, 16 samples {4:N2} s' -f $Label, $record.ImagesPerSecond, $distributions, $likelihood, $sampling
