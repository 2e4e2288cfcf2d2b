<#
.SYNOPSIS
Writes a grid of MNIST test digits and shows the label counts of both splits.

.EXAMPLE
dotnet pwsh ./examples/Show-MnistDigits.ps1 -Path digits.png
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [string]$Path = 'digits.png',
    [ValidateRange(1, 10000)][int]$Count = 64
)
$ErrorActionPreference = 'Stop'
$InformationPreference = 'Continue'   # status lines go to the information stream, shown at the console
Import-Module (Join-Path $PSScriptRoot '..' 'PixelCnn.psd1')

$test = Import-Mnist -Split Test -First $Count
$file = $test | Export-Png -Path $Path -Grid -Columns 8 -Scale 2 -Force -WhatIf:$WhatIfPreference
foreach ($split in 'Train', 'Test') {
    $data = Import-Mnist -Split $split
    [pscustomobject]@{
        Split       = $split
        Images      = $data.Count
        LabelCounts = $data.LabelCounts -join ' '
        MeanPixel   = [math]::Round($data.MeanPixel, 4)
    }
}
if ($file) { Write-Information "Wrote $($file.FullName)" }
