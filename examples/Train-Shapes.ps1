<#
.SYNOPSIS
Your own pictures end to end: draws labelled shapes, writes them as PNG files in class folders, imports them, trains a
class-conditional model of their size and classes, and samples every class.

.DESCRIPTION
Draws -PerClass pictures of each of four classes (box, cross, horizontal, vertical: white shapes at random sizes and
positions on black, -Size pixels square) into <OutputFolder>/pictures/<class>/NNNN.png, then does what a user with a
folder of their own pictures does:
    $data = Import-PixelCnnDataset <OutputFolder>/pictures -LabelFromFolder
    New-PixelCnn -Architecture Gated -Height $Size -Width $Size -ClassName $data.ClassNames |
        Start-PixelCnnTraining -Data $data -LabelDropout 0.1
    Get-PixelCnnSample -Label box
Writes pictures.png (the first pictures of each class), metrics.csv, model.safetensors and samples.png (one row per
class) into -OutputFolder, and returns the samples. The defaults train for a few minutes on 2 CPU cores.

.EXAMPLE
dotnet pwsh ./examples/Train-Shapes.ps1

.EXAMPLE
dotnet pwsh ./examples/Train-Shapes.ps1 -Size 24 -PerClass 500 -Epochs 30 -OutputFolder shapes24
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [ValidateRange(8, 64)][int]$Size = 16,
    [ValidateRange(1, 10000)][int]$PerClass = 500,
    [ValidateRange(1, 1000)][int]$Epochs = 30,
    [ValidateRange(1, 1024)][int]$HiddenDim = 32,
    [ValidateRange(1, 4096)][int]$BatchSize = 32,
    [ValidateRange(1, 100)][int]$SamplesPerClass = 8,
    [ValidateRange(0, 1)][double]$LabelDropout = 0.1,
    # Classifier-free guidance when sampling (the model knows "no label" from its label dropout); 0: plain conditional.
    [ValidateRange(0, 100)][double]$Guidance = 0,
    [int]$Seed = 1,
    [string]$OutputFolder = 'shapes-run',
    [string]$ModulePath = (Join-Path $PSScriptRoot '..' 'PixelCnn.psd1')
)
$ErrorActionPreference = 'Stop'
$InformationPreference = 'Continue'
Import-Module $ModulePath

function Get-ShapePicture([string]$Class, [int]$Size, [System.Random]$Random) {
    # One white shape on black, row-major: a filled box, a plus sign, or a bar two pixels thick.
    $pixels = [byte[]]::new($Size * $Size)
    $lit = { param($r, $c) $pixels[($r * $Size) + $c] = 255 }
    $long = $Random.Next([int]($Size * 0.6), $Size + 1)
    switch ($Class) {
        'box' {
            $side = $Random.Next([int]($Size / 3), [int]($Size * 2 / 3) + 1)
            $top, $left = $Random.Next(0, $Size - $side + 1), $Random.Next(0, $Size - $side + 1)
            foreach ($r in $top..($top + $side - 1)) { foreach ($c in $left..($left + $side - 1)) { & $lit $r $c } }
        }
        'cross' {
            $top, $left = $Random.Next(0, $Size - $long + 1), $Random.Next(0, $Size - $long + 1)
            $middle = [int][math]::Floor(($long - 2) / 2)
            foreach ($i in 0..($long - 1)) {
                foreach ($t in 0, 1) { & $lit ($top + $middle + $t) ($left + $i); & $lit ($top + $i) ($left + $middle + $t) }
            }
        }
        default {
            $across = $Random.Next(0, $Size - 1)
            $start = $Random.Next(0, $Size - $long + 1)
            foreach ($i in $start..($start + $long - 1)) {
                foreach ($t in 0, 1) {
                    if ($Class -eq 'horizontal') { & $lit ($across + $t) $i } else { & $lit $i ($across + $t) }
                }
            }
        }
    }
    $pixels
}

function Write-GreyPng([string]$Path, [byte[]]$Pixels, [int]$Size) {
    # An 8-bit greyscale PNG written by hand (signature, IHDR, one zlib IDAT of filter-0 rows, IEND): the pictures come
    # from outside the module, as a user's own do.
    $crcTable = foreach ($n in 0..255) {
        $c = [uint32]$n
        foreach ($k in 1..8) { $c = if ($c -band 1) { 0xEDB88320 -bxor ($c -shr 1) } else { $c -shr 1 } }
        $c
    }
    function Get-Chunk([string]$Type, [byte[]]$Data) {
        $body = [Text.Encoding]::ASCII.GetBytes($Type) + $Data
        $crc = [uint32]::MaxValue
        foreach ($b in $body) { $crc = $crcTable[($crc -bxor $b) -band 0xFF] -bxor ($crc -shr 8) }
        $length = [BitConverter]::GetBytes([uint32]$Data.Length); [Array]::Reverse($length)
        $check = [BitConverter]::GetBytes($crc -bxor [uint32]::MaxValue); [Array]::Reverse($check)
        $length + $body + $check
    }
    $side = [BitConverter]::GetBytes([uint32]$Size); [Array]::Reverse($side)
    $raw = [IO.MemoryStream]::new()
    foreach ($r in 0..($Size - 1)) { $raw.WriteByte(0); $raw.Write($Pixels, $r * $Size, $Size) }
    $packed = [IO.MemoryStream]::new()
    $zlib = [IO.Compression.ZLibStream]::new($packed, [IO.Compression.CompressionLevel]::Optimal)
    $zlib.Write($raw.ToArray(), 0, [int]$raw.Length); $zlib.Dispose()
    $png = [byte[]](137, 80, 78, 71, 13, 10, 26, 10) + (Get-Chunk 'IHDR' ($side + $side + [byte[]](8, 0, 0, 0, 0))) +
        (Get-Chunk 'IDAT' $packed.ToArray()) + (Get-Chunk 'IEND' ([byte[]]@()))
    [IO.File]::WriteAllBytes($Path, $png)
}

$classes = 'box', 'cross', 'horizontal', 'vertical'
$pictures = Join-Path $OutputFolder 'pictures'
$random = [System.Random]::new($Seed)
foreach ($class in $classes) {
    $folder = Join-Path $pictures $class
    New-Item -ItemType Directory -Path $folder -Force -WhatIf:$false | Out-Null
    foreach ($i in 0..($PerClass - 1)) {
        $path = Join-Path $folder ('{0:D4}.png' -f $i)
        if ($PSCmdlet.ShouldProcess($path, 'Write picture')) { Write-GreyPng $path (Get-ShapePicture $class $Size $random) $Size }
    }
}

$data = Import-PixelCnnDataset -LiteralPath $pictures -LabelFromFolder
Write-Information "Imported $($data.ToString())."
$firsts = foreach ($label in 0..($classes.Count - 1)) { $data | Where-Object Label -EQ $label | Select-Object -First $SamplesPerClass }
$firsts | Export-Png -Path (Join-Path $OutputFolder 'pictures.png') -Grid -Columns $SamplesPerClass -Scale 4 -Force | Out-Null

$watch = [System.Diagnostics.Stopwatch]::StartNew()
$model = New-PixelCnn -Architecture Gated -HiddenDim $HiddenDim -Height $Size -Width $Size -ClassName $data.ClassNames -Seed $Seed
Start-PixelCnnTraining -Model $model -Data $data -Epochs $Epochs -BatchSize $BatchSize -LabelDropout $LabelDropout -Seed $Seed `
    -CheckpointPath (Join-Path $OutputFolder 'model.safetensors') |
    Export-Csv -Path (Join-Path $OutputFolder 'metrics.csv') -NoTypeInformation

$samples = foreach ($class in $model.ClassNames) { Get-PixelCnnSample -Model $model -Count $SamplesPerClass -Label $class -Seed $Seed -Guidance $Guidance }
$grid = $samples | Export-Png -Path (Join-Path $OutputFolder 'samples.png') -Grid -Columns $SamplesPerClass -Scale 4 -Force
Write-Information ("Trained {0} epochs on {1} pictures and sampled {2} per class in {3:N0} s. Samples, one row per class ({4}): {5}" -f
    $Epochs, $data.Count, $SamplesPerClass, $watch.Elapsed.TotalSeconds, ($model.ClassNames -join ', '), $grid.FullName)
$samples
