<#
.SYNOPSIS
Measures how PixelCnn shares the CPU: the README's 16-image sampling command and Gated training throughput, each
quiet and beside a competing busy process: the module's default (OMP_WAIT_POLICY=PASSIVE, GOMP_SPINCOUNT=30000), PASSIVE with spin count 10000,
PASSIVE without spinning, ACTIVE, and the default with one libtorch thread. Called by ./build.ps1 -Task Bench -Sharing. Never part of the tests.

.DESCRIPTION
Every configuration runs in a fresh pwsh (OpenMP reads its settings once, when libtorch loads). The competitor is a
single-threaded busy loop in another pwsh, like a CI job next to ours. Sampling: Get-PixelCnnSample -Count 16 from
the shipped model, median of -Repetitions after a warm-up. Training: a Gated PixelCNN, hidden 64, batch 64, 6
batches per run, median of -Repetitions after a warm-up batch; and 200 steps of a tiny model (hidden 2, batch 4), where
OpenMP's waiting dominates. Prints a table; writes bench/sharing.json.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$ModulePath,
    [string]$OutputPath = (Join-Path $PSScriptRoot 'sharing.json'),
    [int]$Repetitions = 3,
    # Internal: run one measurement in this process and print it as JSON.
    [switch]$Child
)
$ErrorActionPreference = 'Stop'
$InformationPreference = 'Continue'   # status lines go to the information stream, shown at the console

function Get-Median([double[]]$Values) {
    $sorted = $Values | Sort-Object
    $n = $sorted.Count
    if ($n % 2) { $sorted[($n - 1) / 2] } else { ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2 }
}

if ($Child) {
    Import-Module $ModulePath
    $null = Get-PixelCnnSample -Count 2 -Seed 1
    $sample = Get-Median @(foreach ($r in 1..$Repetitions) { (Measure-Command { $null = Get-PixelCnnSample -Count 16 -Seed $r }).TotalSeconds })
    $data = Import-Mnist -First 384
    $model = New-PixelCnn -Architecture Gated -HiddenDim 64 -Seed 1
    $null = Start-PixelCnnTraining -Model $model -Data (Import-Mnist -First 64) -BatchSize 64 -Seed 1
    $train = Get-Median @(foreach ($r in 1..$Repetitions) { (Start-PixelCnnTraining -Model $model -Data $data -BatchSize 64 -Seed 1).ImagesPerSecond })
    $tiny = New-PixelCnn -HiddenDim 2 -Seed 3
    $tinyData = Import-Mnist -First 800
    $null = Start-PixelCnnTraining -Model $tiny -Data $tinyData -BatchSize 40 -Seed 1
    $tinySeconds = Get-Median @(foreach ($r in 1..$Repetitions) { (Measure-Command { $null = Start-PixelCnnTraining -Model $tiny -Data $tinyData -BatchSize 4 -Seed 1 }).TotalSeconds })
    $info = $model.GetType().Assembly.GetType('PixelCnn.Diagnostics.RuntimeInfo')
    [ordered]@{ SampleSeconds = $sample; TrainImagesPerSecond = $train; TinySteps200Seconds = $tinySeconds; Threads = $info::Threads; WaitPolicy = $info::WaitPolicy } | ConvertTo-Json -Compress
    return
}

$process = [Environment]::ProcessPath
[string[]]$prefix = if ((Split-Path -Leaf $process) -like 'dotnet*') { Join-Path $PSHOME 'pwsh.dll' } else { @() }
$configurations = @(
    @{ Name = 'module default'; Environment = @{} }
    @{ Name = 'PASSIVE, spin count 10000'; Environment = @{ OMP_WAIT_POLICY = 'PASSIVE'; GOMP_SPINCOUNT = '10000' } }
    @{ Name = 'PASSIVE, no spinning'; Environment = @{ OMP_WAIT_POLICY = 'PASSIVE' } }
    @{ Name = 'ACTIVE'; Environment = @{ OMP_WAIT_POLICY = 'ACTIVE' } }
    @{ Name = 'module default, 1 thread'; Environment = @{ OMP_NUM_THREADS = '1' } }
)
$rows = foreach ($configuration in $configurations) {
    foreach ($loaded in $false, $true) {
        $competitor = $null
        if ($loaded) {
            $competitor = Start-Process -FilePath $process -ArgumentList ($prefix + @('-NoProfile', '-Command', 'while ($true) { }')) -PassThru
            Start-Sleep -Seconds 1
        }
        $saved = @{}
        foreach ($name in $configuration.Environment.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, $configuration.Environment[$name]) }
        try {
            $json = & $process @prefix -NoProfile -NonInteractive -File $PSCommandPath -ModulePath $ModulePath -Repetitions $Repetitions -Child
            if ($LASTEXITCODE -ne 0) { throw "The measurement '$($configuration.Name)' failed (exit code $LASTEXITCODE)." }
        }
        finally {
            foreach ($name in $saved.Keys) {
                if ($null -eq $saved[$name]) { Remove-Item -LiteralPath "Env:$name" } else { Set-Item -LiteralPath "Env:$name" -Value $saved[$name] }
            }
            if ($competitor) { Stop-Process -Id $competitor.Id -Force }
        }
        $m = $json | Select-Object -Last 1 | ConvertFrom-Json
        $row = [pscustomobject]@{
            Configuration = $configuration.Name; Load = if ($loaded) { 'one busy process' } else { 'quiet' }
            Threads = $m.Threads; WaitPolicy = $m.WaitPolicy
            Sample16Seconds = [math]::Round($m.SampleSeconds, 2); TrainImagesPerSecond = [math]::Round($m.TrainImagesPerSecond, 1)
            TinySteps200Seconds = [math]::Round($m.TinySteps200Seconds, 2)
        }
        Write-Information ("{0,-26} {1,-16} sample 16: {2,6:F2} s  train: {3,5:F1} images/s  200 tiny steps: {4,6:F2} s" -f $row.Configuration, $row.Load, $row.Sample16Seconds, $row.TrainImagesPerSecond, $row.TinySteps200Seconds)
        $row
    }
}
$info = [ordered]@{ Date = (Get-Date).ToUniversalTime().ToString('u'); Cpu = (Get-Content /proc/cpuinfo -ErrorAction SilentlyContinue | Select-String '^model name' | Select-Object -First 1).Line; Processors = [Environment]::ProcessorCount }
[ordered]@{ Environment = $info; Rows = @($rows) } | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $OutputPath
$rows | Format-Table -AutoSize | Out-Host
Write-Information "Written: $OutputPath"
