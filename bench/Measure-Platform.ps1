<#
.SYNOPSIS
Prints the figures docs/windows.md compares between platforms: the same samples, likelihoods and training losses,
and the precision -Precision Auto picks, from one module. Run it with the Linux module and, under Wine, with the
win-x64 package (docs/windows.md says how), then compare the lines.

.EXAMPLE
dotnet pwsh ./bench/Measure-Platform.ps1 -Module ./output/PixelCnn/PixelCnn.psd1 -Chart ./chart.png
#>
[CmdletBinding()]
param(
    # The module to measure: a name (installed) or a manifest path.
    [string]$Module = 'PixelCnn',
    # Also draw the default model's learning curve here.
    [string]$Chart
)
$ErrorActionPreference = 'Stop'
Import-Module $Module
function Get-PixelHash($images) { [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData([byte[]]@($images | ForEach-Object { $_.Pixels }))).Substring(0, 16) }
$s = Get-PixelCnnSample -Count 2 -Seed 1
"default samples -Seed 1: pixels sha256 $(Get-PixelHash $s), log-likelihoods $($s[0].LogLikelihood.ToString('R')), $($s[1].LogLikelihood.ToString('R'))"
foreach ($name in 'Default', 'PixelCnn', 'GatedConditional') {
    $m = Import-PixelCnn -Name $name
    "bpd first 50 test images, ${name}: " + (Import-Mnist -Split Test -First 50 | Measure-PixelCnnLikelihood -Model $m).BitsPerDim.ToString('R')
}
$c = Get-PixelCnnSample -Model (Import-PixelCnn -Name GatedConditional) -Label 3, 8 -Seed 5
"GatedConditional -Label 3,8 -Seed 5: pixels sha256 $(Get-PixelHash $c)"
$r = New-PixelCnn -Architecture Gated -HiddenDim 8 -Seed 1 | Start-PixelCnnTraining -Data (Import-Mnist -First 256) -ValidationData (Import-Mnist -Split Test -First 64) -Epochs 1 -BatchSize 64 -Seed 1 -Precision Float32
"train Gated h8 1 epoch float32: train $($r.TrainBpd.ToString('R')), validation $($r.ValidationBpd.ToString('R'))"
$r = New-PixelCnn -Architecture Gated -HiddenDim 8 -Seed 1 | Start-PixelCnnTraining -Data (Import-Mnist -First 256) -Epochs 1 -BatchSize 64 -Seed 1 -Precision Auto
"train -Precision Auto: $($r.Precision), train $($r.TrainBpd.ToString('R')); $($r.Hardware)"
if ($Chart) { Import-PixelCnn -Name Default | Export-PixelCnnPlot -Path $Chart -Force | Out-Null; "chart: $Chart" }
