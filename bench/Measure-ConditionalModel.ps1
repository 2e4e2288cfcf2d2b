<#
.SYNOPSIS
How well a class-conditional model follows its labels: of -PerLabel samples of each digit 0-9, how many the tests'
independent digit classifier (a CNN trained in PyTorch, 98.84% on MNIST test digits) recognises as the digit asked
for, at each -Guidance weight; how varied they are; and how many bits/dim it costs to score test digits under a wrong
label (label + 1) instead of their own.

.DESCRIPTION
One row per guidance weight: the share judged right over all samples and per label, the distinct images, the mean
pixel distance between two samples of the same label (root mean square over pixels, 0-255; lower: less varied), and
the seconds the sampling took. Guidance takes its unconditional logits from -UnconditionalPath, else (as
Get-PixelCnnSample does) from the model itself without a label when it was trained with -LabelDropout, else from the
shipped default model; the Guide column says which. Every row passes its -Guidance, so a model's DefaultGuidance never
applies.

.EXAMPLE
dotnet pwsh -Command "& ./bench/Measure-ConditionalModel.ps1 -Path module/models/gated-conditional.safetensors -Guidance 0,1,2,3"
(-Command, not -File: pwsh -File passes "0,1,2,3" as one string.)
#>
param(
    [Parameter(Mandatory)][string]$Path,
    [double[]]$Guidance = @(0),
    [string]$UnconditionalPath,
    [int]$PerLabel = 50,
    [int]$Seed = 11,
    [int]$TestImages = 200,
    [string]$ModulePath = (Join-Path $PSScriptRoot '..' 'PixelCnn.psd1')
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '..' 'tests' 'Pester' 'TestHelpers.psm1') -Force
Import-Module $ModulePath
$classify = Get-DigitClassifier
$model = Import-PixelCnn -Path $Path
$guide = @{}
if ($UnconditionalPath) { $guide.UnconditionalModel = Import-PixelCnn -Path $UnconditionalPath }
$labels = [int[]]@(for ($n = 0; $n -lt 10 * $PerLabel; $n++) { [math]::Floor($n / $PerLabel) })

foreach ($weight in $Guidance) {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $arguments = if ($weight -gt 0) { @{ Guidance = $weight } + $guide } else { @{ Guidance = 0 } }
    $images = @(Get-PixelCnnSample -Model $model -Label $labels -Seed $Seed @arguments)
    $seconds = $watch.Elapsed.TotalSeconds
    $judged = @($images | ForEach-Object { [pscustomobject]@{ Label = $_.Label; Judged = (& $classify $_); Pixels = $_.Pixels } })
    $byLabel = for ($digit = 0; $digit -lt 10; $digit++) {
        $group = @($judged | Where-Object Label -EQ $digit)
        $distance = 0.0; $pairs = 0
        for ($i = 0; $i + 1 -lt $group.Count; $i += 2) {
            $a = $group[$i].Pixels; $b = $group[$i + 1].Pixels; $sum = 0.0
            for ($p = 0; $p -lt 784; $p++) { $d = [double]$a[$p] - $b[$p]; $sum += $d * $d }
            $distance += [math]::Sqrt($sum / 784); $pairs++
        }
        [pscustomobject]@{ Digit = $digit; Right = @($group | Where-Object { $_.Judged -eq $digit }).Count; Distance = $distance / [math]::Max(1, $pairs) }
    }
    $right = ($byLabel | Measure-Object -Property Right -Sum).Sum
    [pscustomobject]@{
        Guidance        = $weight
        Guide           = if ($weight -eq 0) { 'none' } elseif ($UnconditionalPath) { $UnconditionalPath } elseif ($model.LabelDropout -gt 0) { 'itself without a label' } else { 'shipped default model' }
        Samples         = $images.Count
        Right           = $right
        Accuracy        = [math]::Round($right / $images.Count, 4)
        RightPerLabel   = ($byLabel | ForEach-Object { "$($_.Digit):$($_.Right)" }) -join ' '
        DistinctImages  = @($images | ForEach-Object { $_.Pixels -join ',' } | Sort-Object -Unique).Count
        MeanPairDistance = [math]::Round(($byLabel | Measure-Object -Property Distance -Average).Average, 2)
        Seconds         = [math]::Round($seconds, 1)
        Seed            = $Seed
    }
}

$test = Import-Mnist -Split Test -First $TestImages
$own = ($test | Measure-PixelCnnLikelihood -Model $model).BitsPerDim
$wrong = ($test | ForEach-Object { $_.WithLabel(($_.Label + 1) % 10) } | Measure-PixelCnnLikelihood -Model $model).BitsPerDim
[pscustomobject]@{
    Model          = $Path
    OwnLabelBpd    = [math]::Round($own, 4)
    WrongLabelBpd  = [math]::Round($wrong, 4)
    WrongLabelCost = [math]::Round($wrong - $own, 4)
    TestImages     = $test.Count
}
