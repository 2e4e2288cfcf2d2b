# The Stress task of build.ps1, dot-sourced into it: uses its parameters and $root, $output, $moduleOut, $hostRuntime, $testResults.

. (Join-Path $PSScriptRoot 'Build.Task.ps1')

function Invoke-Stress {
    if (-not $NoBuild) { Invoke-Build }
    $pwsh = Get-PwshCommand
    $arguments = @('-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'bench/Invoke-StressTest.ps1'), '-ModulePath', (Join-Path $moduleOut 'PixelCnn.psd1'), '-Rounds', $Rounds)
    if ($CollectorStorm) { $arguments += '-CollectorStorm' }
    & $pwsh[0] @($pwsh | Select-Object -Skip 1) @arguments | Out-Host
    switch ($LASTEXITCODE) {
        0 { Write-Information 'Stress: every round passed.' }
        1 { throw 'Stress: some rounds failed (see the rounds above).' }
        default { throw "Stress: the process ended with exit code $LASTEXITCODE (a crash: the rounds above passed)." }
    }
}
