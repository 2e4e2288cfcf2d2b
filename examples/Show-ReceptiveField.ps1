<#
.SYNOPSIS
Draws the receptive field of one pixel of a PixelCNN, with the blind spot of the original architecture.

.EXAMPLE
dotnet pwsh ./examples/Show-ReceptiveField.ps1 -Row 14 -Column 14 -Path field.png
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [ValidateRange(0, 27)][int]$Row = 14,
    [ValidateRange(0, 27)][int]$Column = 14,
    [string]$Path = 'field.png',
    # A checkpoint to probe; by default a fresh model with random weights (the field depends on the architecture).
    [string]$Checkpoint
)
$ErrorActionPreference = 'Stop'
$InformationPreference = 'Continue'   # status lines go to the information stream, shown at the console
Import-Module (Join-Path $PSScriptRoot '..' 'PixelCnn.psd1')

$model = if ($Checkpoint) { Import-PixelCnn -Path $Checkpoint } else { New-PixelCnn -HiddenDim 16 -Seed 1 }
$field = Get-PixelCnnReceptiveField -Model $model -Row $Row -Column $Column
$field | Format-Table
"{0} earlier pixels are unseen (the blind spot and anything out of reach); causal: {1}" -f $field.Unseen.Count, $field.IsCausal
$file = $field | Export-Png -Path $Path -Scale 8 -Force -WhatIf:$WhatIfPreference
if ($file) { Write-Information "Wrote $($file.FullName) (red: the pixel; white: its field; dark blue: unseen earlier pixels)" }
