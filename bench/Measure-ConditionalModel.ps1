<#
.SYNOPSIS
How well a class-conditional model follows its labels: how many of 40 samples (-Label 0..9, four times) the tests'
digit classifier recognises as the digit asked for, and how many bits/dim it costs to score test digits under a
wrong label (label + 1) instead of their own.

.EXAMPLE
dotnet pwsh ./bench/Measure-ConditionalModel.ps1 -Path module/models/gated-conditional.safetensors
#>
param(
    [Parameter(Mandatory)][string]$Path,
    [int]$Seed = 4,
    [int]$TestImages = 200,
    [string]$ModulePath = (Join-Path $PSScriptRoot '..' 'PixelCnn.psd1')
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '..' 'tests' 'Pester' 'TestHelpers.psm1') -Force
Import-Module $ModulePath
$classify = Get-DigitClassifier
$model = Import-PixelCnn -Path $Path
$images = Get-PixelCnnSample -Model $model -Label ((0..9) * 4) -Seed $Seed
$right = @($images | Where-Object { (& $classify $_) -eq $_.Label }).Count
$test = Import-Mnist -Split Test -First $TestImages
$own = ($test | Measure-PixelCnnLikelihood -Model $model).BitsPerDim
$wrong = ($test | ForEach-Object { $_.WithLabel(($_.Label + 1) % 10) } | Measure-PixelCnnLikelihood -Model $model).BitsPerDim
[pscustomobject]@{
    Model            = $Path
    RecognisedOf40   = $right
    Seed             = $Seed
    OwnLabelBpd      = [math]::Round($own, 4)
    WrongLabelBpd    = [math]::Round($wrong, 4)
    WrongLabelCost   = [math]::Round($wrong - $own, 4)
    TestImages       = $test.Count
}
