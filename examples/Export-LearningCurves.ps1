<#
.SYNOPSIS
Draws the learning curves of the training runs behind the shipped models (examples/runs/*/metrics.csv) in one chart.

.DESCRIPTION
Each run folder's metrics.csv (written by examples/Train-ShippedModel.ps1, one row per epoch) becomes one run in the
legend, named after its folder, with its training and validation bits per dimension per epoch. The README shows the
picture this writes.

.EXAMPLE
dotnet pwsh ./examples/Export-LearningCurves.ps1 -Path examples/images/learning-curves.png
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [string]$Path = (Join-Path $PSScriptRoot 'images/learning-curves.png'),
    [string]$RunsFolder = (Join-Path $PSScriptRoot 'runs'),
    [string]$ModulePath = (Join-Path $PSScriptRoot '..' 'PixelCnn.psd1')
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$rows = foreach ($metrics in Get-ChildItem -Path $RunsFolder -Filter metrics.csv -Recurse | Sort-Object FullName) {
    $run = Split-Path -Leaf (Split-Path -Parent $metrics.FullName)
    Import-Csv -LiteralPath $metrics.FullName | Select-Object @{ n = 'Run'; e = { $run } }, Epoch, TrainBpd, ValidationBpd
}
if ($PSCmdlet.ShouldProcess($Path, 'Write the learning-curve chart')) {
    $rows | Export-PixelCnnPlot -Path $Path -Title 'Training runs of the shipped models (bits per dimension)' -Width 800 -Height 480 -Force
}
