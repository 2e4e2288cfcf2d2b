<#
.SYNOPSIS
The cached sampler's speed for fresh models of both architectures (hidden 64, -Seed 1): for each -Count, the median
of three Get-PixelCnnSample -Count N -BatchSize N -Seed 2 after a warm-up, and a key of the samples (SHA-256 of every
image's pixels) so that two builds can be compared for identical draws as well as for speed. Run it for each module
alternately on a quiet machine (docs/model.md, "The cached samplers, built from the layers").

.EXAMPLE
dotnet pwsh -NoProfile -File ./bench/Measure-CachedSampling.ps1 -ModulePath ./output/PixelCnn/PixelCnn.psd1 -Counts 1,16
#>
param(
    [string]$ModulePath = (Join-Path $PSScriptRoot '..' 'output' 'PixelCnn' 'PixelCnn.psd1'),
    [string]$Counts = '1,16,256'
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
function Get-SampleKey($Images) {
    $keys = $Images | ForEach-Object { [Convert]::ToBase64String([Security.Cryptography.SHA256]::HashData($_.Pixels)) }
    [Convert]::ToBase64String([Security.Cryptography.SHA256]::HashData([Text.Encoding]::ASCII.GetBytes($keys -join ''))).Substring(0, 12)
}

foreach ($architecture in 'Gated', 'PixelCnn') {
    $model = New-PixelCnn -Architecture $architecture -HiddenDim 64 -Seed 1
    foreach ($count in ($Counts -split ',' | ForEach-Object { [int]$_ })) {
        $null = Get-PixelCnnSample -Model $model -Count 2 -Seed 1
        $seconds = 1..3 | ForEach-Object {
            (Measure-Command { $script:images = Get-PixelCnnSample -Model $model -Count $count -BatchSize $count -Seed 2 }).TotalSeconds
        } | Sort-Object
        [pscustomobject]@{
            Architecture = $architecture
            Images       = $count
            MedianSeconds = [math]::Round($seconds[1], 3)
            ImagesPerSecond = [math]::Round($count / $seconds[1], 1)
            Runs         = ($seconds | ForEach-Object { $_.ToString('N2') }) -join ' '
            SampleKey    = Get-SampleKey $script:images
        }
    }
}
