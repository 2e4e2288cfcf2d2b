# The Test task of build.ps1, dot-sourced into it: uses its parameters and $root, $output, $moduleOut, $hostRuntime, $testResults.

. (Join-Path $PSScriptRoot 'Build.Task.ps1')
. (Join-Path $PSScriptRoot 'WindowsStage.ps1')

function Get-PesterModulePath {
    $toolsProject = Join-Path $root 'tests/tools/Tools.csproj'
    Invoke-Dotnet -Arguments @('restore', $toolsProject)
    $packages = Invoke-Dotnet -PassThruOutput -Arguments @('nuget', 'locals', 'global-packages', '--list')
    $folder = (($packages.Output | Select-Object -Last 1) -replace '^global-packages:\s*', '').Trim()
    $version = ([xml](Get-Content -Raw -LiteralPath (Join-Path $root 'Directory.Packages.props'))).Project.PropertyGroup.PesterVersion
    $manifest = Join-Path $folder 'pester' $version 'tools' 'Pester.psd1'
    if (-not (Test-Path -LiteralPath $manifest)) { throw "Pester $version was not restored to $manifest." }
    $manifest
}

function Invoke-XunitTest {
    $trx = Join-Path $testResults 'xunit.trx'
    if (Test-Path -LiteralPath $trx) { Remove-Item -LiteralPath $trx }
    $run = Invoke-Dotnet -PassThruOutput -Arguments @('test', (Join-Path $root 'tests/PixelCnn.Tests/PixelCnn.Tests.csproj'),
        '-c', $Configuration, '-r', $hostRuntime, "-p:PixelCnnBackend=$Backend", '--logger', "trx;LogFileName=$trx", '--results-directory', $testResults)
    $run.Output | ForEach-Object { Write-Information $_ }
    & (Join-Path $root 'build/ConvertFrom-XunitRun.ps1') -TrxPath $trx -ExitCode $run.ExitCode -Output $run.Output
}

function Invoke-PesterTest {
    $pester = Get-PesterModulePath
    $summary = Join-Path $testResults 'pester.json'
    if (Test-Path -LiteralPath $summary) { Remove-Item -LiteralPath $summary }
    $runner = Join-Path $root 'tests/Invoke-PesterTests.ps1'
    $pwsh = Get-PwshCommand
    # The filter travels in the environment: pwsh on Unix would expand a bare '*' argument as a file glob.
    $env:PIXELCNN_TEST_FILTER = $Filter
    & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File $runner -PesterPath $pester -ModulePath (Join-Path $moduleOut 'PixelCnn.psd1') `
        -SummaryPath $summary -ResultsPath (Join-Path $testResults 'pester.xml') | Out-Host
    if (-not (Test-Path -LiteralPath $summary)) {
        Write-Information 'Pester produced no results: counted as one failure.'
        return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0; Failures = @('Pester: produced no results'); Skips = @() }
    }
    Get-Content -Raw -LiteralPath $summary | ConvertFrom-Json
}

function Invoke-Test {
    if (-not $NoBuild) { Invoke-Build }
    New-Item -ItemType Directory -Path $testResults -Force | Out-Null
    $none = [pscustomobject]@{ Passed = 0; Failed = 0; Skipped = 0; Failures = @(); Skips = @() }
    # -Filter picks Pester files; the xunit tests and the Windows stage run only in a whole run. (Run side by side on 2
    # cores, the two runners took 12.5 minutes against 10 one after the other: libtorch's threads fight for the cores.)
    $whole = $Filter -eq '*'
    # A CUDA build is tested on the GPU: every device-agnostic test (xunit's and Pester's) runs on cuda unless the
    # caller named a device, so the run fails where there is none.
    if ($Backend -eq 'Cuda' -and -not $env:PIXELCNN_TEST_DEVICE) { $env:PIXELCNN_TEST_DEVICE = 'cuda' }
    $native = $Stage -in 'All', 'Native'
    $groups = [ordered]@{
        xunit   = if ($native -and $whole) { Invoke-XunitTest } else { $none }
        Pester  = if ($native) { Invoke-PesterTest } else { $none }
        Windows = if ($Stage -in 'All', 'Windows' -and $whole) { Invoke-WindowsStage } else { $none }
    }
    foreach ($name in $groups.Keys) {
        $group = $groups[$name]
        Write-Information "${name}: $($group.Passed) passed, $($group.Failed) failed, $($group.Skipped) skipped"
    }
    $all = @($groups.Values)
    foreach ($skip in $all | ForEach-Object { $_.Skips } | Where-Object { $_ }) { Write-Information "Skipped: $skip" }
    foreach ($failure in $all | ForEach-Object { $_.Failures } | Where-Object { $_ }) { Write-Information "FAILED: $failure" }
    $passed = ($all | Measure-Object -Property Passed -Sum).Sum
    $failed = ($all | Measure-Object -Property Failed -Sum).Sum
    $skipped = ($all | Measure-Object -Property Skipped -Sum).Sum
    Write-Output "$passed passed, $failed failed, $skipped skipped"
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}
