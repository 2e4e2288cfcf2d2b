<#
.SYNOPSIS
The figures that must agree between platforms on one machine, from the PixelCnn module this process imported:
seeded samples of the shipped PixelCnn model with their log-likelihoods, seeded samples of a class from a new
conditional Gated model, the shipped model's bits/dim on 50 test images and a small Gated model's losses after one
epoch of float32 training, with the hardware they were computed on.

Platforms.Tests.ps1 computes them on each platform; the Windows stage computes them first with the Linux module, and
the tests under Wine compare theirs with those (the same processor, so any difference is the platform's).
#>
[CmdletBinding()]
param([ValidateSet('Cpu', 'Cuda')][string]$Device = 'Cpu')

$ErrorActionPreference = 'Stop'
function Get-PixelHash([object[]]$Images) {
    $bytes = [byte[]]@($Images | ForEach-Object { $_.Pixels })
    [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($bytes))
}
$shipped = Import-PixelCnn -Name PixelCnn -Device $Device
$samples = Get-PixelCnnSample -Model $shipped -Count 2 -Seed 1
$conditional = New-PixelCnn -Architecture Gated -HiddenDim 8 -Seed 1 -Conditional -Device $Device
$likelihood = Import-Mnist -Split Test -First 50 | Measure-PixelCnnLikelihood -Model $shipped
$record = New-PixelCnn -Architecture Gated -HiddenDim 8 -Seed 1 -Device $Device |
    Start-PixelCnnTraining -Data (Import-Mnist -First 256) -ValidationData (Import-Mnist -Split Test -First 64) `
        -Epochs 1 -BatchSize 64 -Seed 1 -Precision Float32
[pscustomobject]@{
    Hardware = $record.Hardware
    SampleHash = Get-PixelHash $samples
    SampleLogLikelihoods = @($samples | ForEach-Object LogLikelihood)
    ConditionalHash = Get-PixelHash (Get-PixelCnnSample -Model $conditional -Count 2 -Seed 3 -Label 7)
    BitsPerDim = $likelihood.BitsPerDim
    TrainBpd = $record.TrainBpd
    ValidationBpd = $record.ValidationBpd
}
