<#
.SYNOPSIS
Runs the module's whole workflow in four ForEach-Object -Parallel runspaces at once, round after round, and counts the
rounds that failed and the runspaces whose results differ from a serial run with the same seeds.

.DESCRIPTION
Each runspace builds a Gated PixelCNN (hidden 4, seed 42), trains it one epoch on 32 images with weight averaging,
gradient clipping and (on a CPU with bfloat16 instructions) bfloat16, then samples, completes, computes per-pixel
distributions and likelihoods, saves and imports the model. Its results are reduced to one fingerprint line; every
runspace of every round must give the fingerprint the same work gives run serially in this runspace first.

-CollectorStorm adds a thread job that calls the garbage collector in a loop while the rounds run, so that objects
left to finalizers (TorchSharp's implicit Scalars) are freed as early as they can be: the defect it looks for shows
within a few rounds instead of once in hundreds.

A failed round is one whose runspaces threw or whose fingerprints differ; a crash of the process (libtorch reading
freed memory can end it) ends the script: build.ps1 -Task Stress reports it as such.

.EXAMPLE
dotnet pwsh ./bench/Invoke-StressTest.ps1 -Rounds 200 -CollectorStorm
#>
[CmdletBinding()]
param(
    [ValidateRange(1, 100000)][int]$Rounds = 20,
    [switch]$CollectorStorm,
    [ValidateRange(1, 64)][int]$Runspaces = 4,
    [string]$ModulePath = (Join-Path $PSScriptRoot '..' 'output' 'PixelCnn' 'PixelCnn.psd1')
)
$ErrorActionPreference = 'Stop'
$InformationPreference = 'Continue'
Import-Module $ModulePath

$bfloat16 = (Test-Path -LiteralPath /proc/cpuinfo) -and (Select-String -LiteralPath /proc/cpuinfo -Pattern 'avx512_bf16|amx_bf16' -Quiet)
$work = {
    param([string]$ModulePath, [bool]$BFloat16, [string]$Folder)
    $ErrorActionPreference = 'Stop'
    Import-Module $ModulePath
    $model = New-PixelCnn -Architecture Gated -HiddenDim 4 -Seed 42
    $precision = if ($BFloat16) { 'BFloat16' } else { 'Float32' }
    $record = Start-PixelCnnTraining -Model $model -Data (Import-Mnist -Split Train -First 32) -Epochs 1 -BatchSize 8 -Seed 3 `
        -AverageWeights -GradientClipNorm 0.5 -Precision $precision -ThreadCount 1
    $test = Import-Mnist -Split Test -First 2
    $samples = Get-PixelCnnSample -Model $model -Count 2 -Seed 7
    $completion = $test | Select-Object -First 1 | Complete-PixelCnnImage -Model $model -Rows 20 -Count 1 -Seed 1
    $distribution = $test | Select-Object -First 1 | Get-PixelCnnDistribution -Model $model | Select-Object -First 200
    $likelihood = $test | Measure-PixelCnnLikelihood -Model $model
    $path = Join-Path $Folder "$([guid]::NewGuid()).safetensors"
    Save-PixelCnn -Model $model -Path $path | Out-Null
    $imported = Import-PixelCnn -Path $path
    $reimported = ($test | Measure-PixelCnnLikelihood -Model $imported).BitsPerDim
    Remove-Item -LiteralPath $path
    $pixels = { param($image) ($image.Pixels | Measure-Object -Sum).Sum }
    '{0:R}|{1}|{2}|{3:R}|{4:R}|{5:R}' -f $record.TrainBpd, (($samples | ForEach-Object { & $pixels $_ }) -join ','),
        (& $pixels $completion), ($distribution | Measure-Object -Property NegativeLogLikelihood -Sum).Sum, $likelihood.BitsPerDim, $reimported
}

$workText = $work.ToString()   # a script block cannot cross into -Parallel runspaces; its text can
$folder = Join-Path ([IO.Path]::GetTempPath()) "pixelcnn-stress-$PID"
New-Item -ItemType Directory -Path $folder -Force | Out-Null
$storm = $null
try {
    $expected = & $work $ModulePath $bfloat16 $folder
    Write-Information "Serial fingerprint: $expected (bfloat16: $bfloat16)"
    if ($CollectorStorm) {
        $storm = Start-ThreadJob -ScriptBlock {
            $until = [DateTime]::UtcNow.AddHours(12)
            # Young objects (the Scalars among them) about a thousand times a second, leaving the CPU to the rounds.
            while ([DateTime]::UtcNow -lt $until) { [GC]::Collect(0); [Threading.Thread]::Sleep(1) }
        }
    }

    $failed = 0
    $watch = [Diagnostics.Stopwatch]::StartNew()
    for ($round = 1; $round -le $Rounds; $round++) {
        $results = 1..$Runspaces | ForEach-Object -ThrottleLimit $Runspaces -Parallel {
            try { & ([scriptblock]::Create($using:workText)) $using:ModulePath $using:bfloat16 $using:folder }
            catch { "ERROR: $($_.FullyQualifiedErrorId): $("$($_.Exception.Message)".Split("`n")[0].Trim())" }
        }
        $wrong = @($results | Where-Object { $_ -ne $expected })
        if ($wrong.Count -gt 0 -or @($results).Count -ne $Runspaces) {
            $failed++
            Write-Information ("Round {0}: FAILED: {1}" -f $round, (($wrong | Select-Object -Unique) -join ' / '))
        }
        else {
            Write-Information ("Round {0}: passed ({1} failed so far, {2:F1} s a round)" -f $round, $failed, ($watch.Elapsed.TotalSeconds / $round))
        }
    }

    [pscustomobject]@{
        Rounds          = $Rounds
        Runspaces       = $Runspaces
        CollectorStorm  = [bool]$CollectorStorm
        BFloat16        = $bfloat16
        FailedRounds    = $failed
        SecondsPerRound = [math]::Round($watch.Elapsed.TotalSeconds / $Rounds, 1)
    }
    if ($failed -gt 0) { exit 1 }
}
finally {
    if ($storm) { $storm | Stop-Job -PassThru | Remove-Job -Force }
    Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
}
