BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:root = Get-RepositoryRoot
    $script:project = Join-Path $root 'src/PixelCnn.Core/PixelCnn.Core.csproj'   # the backend's package reference lives in the core library
}

Describe 'TorchSharp backend package selection (evaluated without a restore)' {
    It '<Backend> on <OS> references <Package>' -TestCases @(
        @{ Backend = 'Cpu'; OS = 'linux'; Package = 'TorchSharp-cpu' }
        @{ Backend = 'Cpu'; OS = 'windows'; Package = 'TorchSharp-cpu' }
        @{ Backend = 'Cpu'; OS = 'osx'; Package = 'TorchSharp-cpu' }
        @{ Backend = 'Cuda'; OS = 'linux'; Package = 'TorchSharp-cuda-linux' }
        @{ Backend = 'Cuda'; OS = 'windows'; Package = 'TorchSharp-cuda-windows' }
    ) {
        $json = & dotnet msbuild $project -nologo "-getItem:PackageReference" "-property:PixelCnnBackend=$Backend" "-property:PixelCnnTargetOS=$OS" | Out-String
        $LASTEXITCODE | Should -Be 0
        $items = ($json | ConvertFrom-Json).Items.PackageReference.Identity
        $torch = @($items | Where-Object { $_ -like 'TorchSharp*' })
        $torch | Should -Be @($Package)
    }

    It 'derives the OS from the runtime identifier <Rid>' -TestCases @(
        @{ Rid = 'win-x64'; Package = 'TorchSharp-cuda-windows' }
        @{ Rid = 'linux-x64'; Package = 'TorchSharp-cuda-linux' }
    ) {
        $value = & dotnet msbuild $project -nologo "-getProperty:PixelCnnTorchPackage" "-property:PixelCnnBackend=Cuda" "-property:RuntimeIdentifier=$Rid" | Out-String
        $value.Trim() | Should -Be $Package
    }

    It 'has no CUDA package for macOS' {
        $value = & dotnet msbuild $project -nologo "-getProperty:PixelCnnTorchPackage" "-property:PixelCnnBackend=Cuda" "-property:PixelCnnTargetOS=osx" | Out-String
        $value.Trim() | Should -BeNullOrEmpty
    }

    It 'build.ps1 -Backend Cuda stops with a message naming the missing package, and leaves the module under test alone' {
        # Built into the test drive: where the CUDA package restores, the build succeeds there and output/PixelCnn
        # (the module these tests run) stays; a failed build replaces nothing either.
        $module = Split-Path -Parent $env:PIXELCNN_TEST_MODULE
        $before = (Get-Item (Join-Path $module 'bin/PixelCnn.dll')).LastWriteTimeUtc
        $run = Invoke-FreshPwsh -Script "& '$(Join-Path $root 'build.ps1')' -Task Build -Backend Cuda -OutputPath '$(Join-Path $TestDrive 'cuda')'"
        (Get-Item (Join-Path $module 'bin/PixelCnn.dll')).LastWriteTimeUtc | Should -Be $before
        if ($run.ExitCode -eq 0) {
            Set-ItResult -Skipped -Because 'the CUDA package restores on this machine, so there is no missing package to name'
            return
        }
        $text = $run.Output -join "`n"
        $package = if ($IsWindows) { 'TorchSharp-cuda-windows' } else { 'TorchSharp-cuda-linux' }
        $text | Should -Match "needs the NuGet package '$package'"
        $text | Should -Match '-Backend Cpu'
    }
}

Describe 'LibTorchSharp native-library repair (Linux only; skipped elsewhere)' -Skip:(-not $IsLinux) {
    BeforeAll {
        $script:library = Join-Path (Split-Path -Parent $env:PIXELCNN_TEST_MODULE) 'bin/libLibTorchSharp.so'
        $script:repair = Join-Path $root 'src/Native/Repair-LibTorchSharp.ps1'
        $script:needsRepair = -not ([System.Text.Encoding]::Latin1.GetString([System.IO.File]::ReadAllBytes(
            (& /sbin/ldconfig -p | Select-String 'libstdc\+\+\.so\.6 .*=> (\S+)' | Select-Object -First 1).Matches[0].Groups[1].Value)).Contains("GLIBCXX_3.4.32`0"))
    }

    It 'leaves the built library needing no symbol version the system lacks' {
        $needs = & readelf -V -W $library | Select-String 'GLIBCXX_3\.4\.32'
        if ($needsRepair) {
            $needs | Should -BeNullOrEmpty
            (& readelf -d $library | Out-String) | Should -Match 'libpixelcnn_iosinit\.so'
            Test-Path (Join-Path (Split-Path $library) 'libpixelcnn_iosinit.so') | Should -BeTrue
        }
        else {
            Test-Path (Join-Path (Split-Path $library) 'libpixelcnn_iosinit.so') | Should -BeFalse
        }
    }

    It 'changes nothing where the system libstdc++ has GLIBCXX_3.4.32' {
        $fake = Join-Path $TestDrive 'libstdc++.so.6'
        [System.IO.File]::WriteAllBytes($fake, [System.Text.Encoding]::ASCII.GetBytes("xxGLIBCXX_3.4.32`0yy"))
        $copy = Join-Path $TestDrive 'libLibTorchSharp.so'
        Copy-Item $library $copy
        $before = (Get-FileHash $copy).Hash
        $result = & $repair -LibraryPath $copy -LibStdCxxPath $fake
        $result.Repaired | Should -BeFalse
        (Get-FileHash $copy).Hash | Should -Be $before
    }

    It 'is idempotent on an already repaired library' {
        if (-not $needsRepair) { Set-ItResult -Skipped -Because 'this system needs no repair' ; return }
        $copy = Join-Path $TestDrive 'again.so'
        Copy-Item $library $copy
        $result = & $repair -LibraryPath $copy
        $result.Repaired | Should -BeFalse
        $result.Reason | Should -Match 'does not need'
    }
}

Describe 'build.ps1 counts an xunit run (build/ConvertFrom-XunitRun.ps1)' {
    BeforeAll {
        $script:convert = Join-Path $root 'build/ConvertFrom-XunitRun.ps1'
        # A TRX file as dotnet test's logger writes it: one result per test, the summary's outcome and counters.
        function Write-TrxFile([string]$Path, [string]$Outcome = 'Completed', [int]$Passed = 0, [int]$Failed = 0, [string[]]$Results = @()) {
            @"
<?xml version="1.0" encoding="utf-8"?>
<TestRun id="1" name="t" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
  <Results>
$($Results -join "`n")
  </Results>
  <ResultSummary outcome="$Outcome">
    <Counters total="$($Results.Count)" executed="$($Passed + $Failed)" passed="$Passed" failed="$Failed" error="0" timeout="0" aborted="0" inconclusive="0" notExecuted="0" />
  </ResultSummary>
</TestRun>
"@ | Set-Content -LiteralPath $Path
            $Path
        }
        $script:passedResult = '<UnitTestResult testName="A.Passes" outcome="Passed" />'
        $script:failedResult = '<UnitTestResult testName="A.Fails" outcome="Failed"><Output><ErrorInfo><Message>Assert.Equal() Failure' + "`n" + 'Expected: 1</Message></ErrorInfo></Output></UnitTestResult>'
        $script:skippedResult = '<UnitTestResult testName="A.Skips" outcome="NotExecuted"><Output><ErrorInfo><Message>no GPU here</Message></ErrorInfo></Output></UnitTestResult>'
    }

    It 'counts passed, failed and skipped tests from the results, with the first line of each failure and each skip''s reason' {
        $trx = Write-TrxFile (Join-Path $TestDrive 'mixed.trx') -Passed 1 -Failed 1 -Results $passedResult, $failedResult, $skippedResult
        $run = & $convert -TrxPath $trx -ExitCode 1 -Output @()
        $run.Passed | Should -Be 1
        $run.Failed | Should -Be 1
        $run.Skipped | Should -Be 1
        $run.Failures | Should -Be @('xunit: A.Fails: Assert.Equal() Failure')
        $run.Skips | Should -Be @('xunit: A.Skips: no GPU here')
    }

    It 'a green run stays green' {
        $trx = Write-TrxFile (Join-Path $TestDrive 'green.trx') -Passed 1 -Results $passedResult
        $run = & $convert -TrxPath $trx -ExitCode 0 -Output @('Passed!  - Failed: 0, Passed: 1')
        $run.Failed | Should -Be 0
        $run.Failures | Should -BeNullOrEmpty
    }

    It 'a non-zero exit with counters that show no failure (a crashed test host) counts as one failure' {
        $trx = Write-TrxFile (Join-Path $TestDrive 'crash.trx') -Passed 1 -Results $passedResult
        $run = & $convert -TrxPath $trx -ExitCode 134 -Output @()
        $run.Failed | Should -Be 1
        $run.Failures | Should -Be @('xunit: dotnet test exited with code 134 though no test was reported failed')
    }

    It 'an aborted run counts as a failure even with exit code 0: by its outcome, or by what dotnet test printed' {
        $trx = Write-TrxFile (Join-Path $TestDrive 'aborted.trx') -Outcome 'Aborted' -Passed 1 -Results $passedResult
        (& $convert -TrxPath $trx -ExitCode 0 -Output @()).Failed | Should -Be 1
        $trx = Write-TrxFile (Join-Path $TestDrive 'printed.trx') -Passed 1 -Results $passedResult
        $run = & $convert -TrxPath $trx -ExitCode 0 -Output @('Test Run Aborted.')
        $run.Failed | Should -Be 1
        $run.Failures[0] | Should -BeLike '*(the test run was aborted)*'
    }

    It 'no results file at all counts as one failure' {
        $run = & $convert -TrxPath (Join-Path $TestDrive 'missing.trx') -ExitCode 1 -Output @()
        $run.Passed | Should -Be 0
        $run.Failed | Should -Be 1
        $run.Failures | Should -Be @('xunit: produced no results (dotnet test exited with code 1)')
    }

    It 'build.ps1 runs the xunit tests with the backend it builds, and reads them through this script' {
        # The Test task's own function, with dotnet replaced by a recorder: the test project must be built against the
        # same TorchSharp backend package as the module, and its run is counted by ConvertFrom-XunitRun.ps1.
        $Configuration = 'Release'; $hostRuntime = 'linux-x64'; $Backend = 'Cuda'; $testResults = $TestDrive
        . (Join-Path $root 'build/Test.Task.ps1')
        $calls = [System.Collections.Generic.List[string[]]]::new()
        function Invoke-Dotnet { param([string[]]$Arguments, [switch]$PassThruOutput) $calls.Add($Arguments); [pscustomobject]@{ ExitCode = 3; Output = @() } }
        $run = Invoke-XunitTest 6>$null
        $calls | Should -HaveCount 1
        $calls[0][0..1] | Should -Be @('test', (Join-Path $root 'tests/PixelCnn.Tests/PixelCnn.Tests.csproj'))
        $calls[0] | Should -Contain '-p:PixelCnnBackend=Cuda'
        ($calls[0] -join ' ') | Should -BeLike '*-c Release -r linux-x64 *'
        $run.Failures | Should -Be @('xunit: produced no results (dotnet test exited with code 3)') -Because 'the run is read by ConvertFrom-XunitRun.ps1'
    }
}
