<#
.SYNOPSIS
Shows where a model is unsure about a test digit: the most uncertain pixels and heat maps of entropy,
negative log-likelihood and probability of the actual value.

.EXAMPLE
dotnet pwsh ./examples/Show-Distributions.ps1 -Checkpoint run/model.safetensors -Index 0
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)][string]$Checkpoint,
    [ValidateRange(0, 9999)][int]$Index = 0,
    [string]$OutputFolder = '.'
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '..' 'PixelCnn.psd1')

$model = Import-PixelCnn -Path $Checkpoint
$image = Import-Mnist -Split Test -First ($Index + 1) | Select-Object -Last 1
$records = $image | Get-PixelCnnDistribution -Model $model

"Test image {0} (label {1}): {2:F3} bits/dim" -f $image.Index, $image.Label, ($image | Measure-PixelCnnLikelihood -Model $model).BitsPerDim
$records | Sort-Object Entropy -Descending | Select-Object -First 5 | Format-Table | Out-Host

$image | Export-Png -Path (Join-Path $OutputFolder "digit-$Index.png") -Scale 8 -Force -WhatIf:$WhatIfPreference
foreach ($map in 'Entropy', 'NegativeLogLikelihood', 'Probability') {
    $records | Export-Png -Path (Join-Path $OutputFolder "$($map.ToLowerInvariant())-$Index.png") -Map $map -Scale 8 -Force -WhatIf:$WhatIfPreference
}
