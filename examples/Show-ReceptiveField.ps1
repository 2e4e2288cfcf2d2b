<#
.SYNOPSIS
Draws the receptive field of one pixel of a PixelCNN: the original architecture's blind spot, and the Gated
PixelCNN without one.

.EXAMPLE
dotnet pwsh ./examples/Show-ReceptiveField.ps1 -Row 14 -Column 14 -Path field.png

.EXAMPLE
dotnet pwsh ./examples/Show-ReceptiveField.ps1 -Architecture Gated -Path field-gated.png
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [ValidateRange(0, 27)][int]$Row = 14,
    [ValidateRange(0, 27)][int]$Column = 14,
    [string]$Path = 'field.png',
    # The architecture of the fresh model probed when no -Checkpoint is given.
    # Any architecture New-PixelCnn knows (it validates the name and lists the known ones).
    [string]$Architecture = 'PixelCnn',
    # A checkpoint to probe; by default a fresh model with random weights (the field depends on the architecture).
    [string]$Checkpoint
)
$ErrorActionPreference = 'Stop'
$InformationPreference = 'Continue'   # status lines go to the information stream, shown at the console
Import-Module (Join-Path $PSScriptRoot '..' 'PixelCnn.psd1')

$model = if ($Checkpoint) { Import-PixelCnn -Path $Checkpoint } else { New-PixelCnn -Architecture $Architecture -HiddenDim 16 -Seed 1 }
$field = Get-PixelCnnReceptiveField -Model $model -Row $Row -Column $Column
$field | Format-Table
"{0}: {1} pixels in the field, a blind spot of {2}, {3} earlier pixels out of reach; causal: {4}" -f
    $model.Architecture, $field.Count, $field.BlindSpot.Count, ($field.Unseen.Count - $field.BlindSpot.Count), $field.IsCausal
$file = $field | Export-Png -Path $Path -Scale 8 -Force -WhatIf:$WhatIfPreference
if ($file) { Write-Information "Wrote $($file.FullName) (red: the pixel; white: its field; orange: blind spot; dark blue: out of reach)" }
