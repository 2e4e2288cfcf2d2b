# The Bench task of build.ps1, dot-sourced into it: uses its parameters and $root, $output, $moduleOut, $hostRuntime, $testResults.

. (Join-Path $PSScriptRoot 'Build.Task.ps1')

function Invoke-Bench {
    if (-not $NoBuild) { Invoke-Build }
    $pwsh = Get-PwshCommand
    if ($Sharing) {
        & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File (Join-Path $root 'bench/Measure-CpuSharing.ps1') -ModulePath (Join-Path $moduleOut 'PixelCnn.psd1') | Out-Host
        if ($LASTEXITCODE -ne 0) { throw "The sharing benchmark failed (exit code $LASTEXITCODE)." }
        return
    }
    $arguments = @('-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'bench/Invoke-Benchmark.ps1'), '-ModulePath', (Join-Path $moduleOut 'PixelCnn.psd1'))
    if ($Reference) { $arguments += '-Reference' }
    $arguments += '-Architecture', $Architecture
    if ($Conditional) { $arguments += '-Conditional' }
    & $pwsh[0] @($pwsh | Select-Object -Skip 1) @arguments | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "The benchmark failed (exit code $LASTEXITCODE)." }
}
