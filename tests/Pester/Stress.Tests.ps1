# The crash class that ForEach-Object -Parallel users hit (a Scalar or tensor left to the finalizer, freed by another
# runspace's collection while libtorch uses it) on every run: the stress harness, briefly, with the collector storm.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
}

Describe 'Four runspaces at once under a garbage-collector storm' {
    It 'run the whole workflow 10 rounds with the serial run''s results, and the process survives' {
        # About 3 s a round on 2 cores; a Scalar left to the finalizer failed every round and then crashed the process
        # (docs/parallel-runspaces.md). build.ps1 -Task Stress -Rounds 200 -CollectorStorm is the long form.
        $pwsh = Get-PwshCommand
        $script = Join-Path (Get-RepositoryRoot) 'bench' 'Invoke-StressTest.ps1'
        $arguments = @('-NoProfile', '-NonInteractive', '-File', $script, '-Rounds', 10, '-CollectorStorm',
            '-ModulePath', $env:PIXELCNN_TEST_MODULE)
        # A crash (exit 139 once in about 250 rounds here, never reproduced on demand) leaves the runtime's crash report:
        # the crashed thread's frames go into the failure, the dump beside it, so the cause can be read from one run.
        $dumps = Join-Path ([IO.Path]::GetTempPath()) "pixelcnn-stress-dumps-$PID"
        New-Item -ItemType Directory -Path $dumps -Force | Out-Null
        $crashSettings = @{
            DOTNET_DbgEnableMiniDump = '1'; DOTNET_DbgMiniDumpType = '1'; DOTNET_EnableCrashReport = '1'
            DOTNET_DbgMiniDumpName = (Join-Path $dumps 'stress-%p.dmp')
        }
        $saved = @{}
        foreach ($name in $crashSettings.Keys) {
            $saved[$name] = [Environment]::GetEnvironmentVariable($name)
            [Environment]::SetEnvironmentVariable($name, $crashSettings[$name])
        }
        try { $output = & $pwsh[0] @($pwsh | Select-Object -Skip 1) @arguments 2>&1 | ForEach-Object { "$_" } }
        finally { foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) } }
        $report = Get-ChildItem -LiteralPath $dumps -Filter *.crashreport.json | Select-Object -First 1
        $frames = if ($report) {
            $crashed = (Get-Content -Raw -LiteralPath $report.FullName | ConvertFrom-Json).payload.threads |
                Where-Object crashed -EQ 'true' | Select-Object -First 1
            "crash report $($report.FullName) (dump beside it); the crashed thread:"
            $crashed.stack_frames | Select-Object -First 30 | ForEach-Object {
                if ($_.method_name) { "  $($_.class_name).$($_.method_name)" }
                elseif ($_.is_managed -eq 'true') { "  managed code at $($_.native_address)" }
                else { "  $(if ($_.unmanaged_name) { $_.unmanaged_name } else { '?' }) ($($_.native_module)+$($_.native_image_offset))" }
            }
        }
        $LASTEXITCODE | Should -Be 0 -Because (($output | Select-Object -Last 12) + $frames | Out-String)
        Remove-Item -LiteralPath $dumps -Recurse -Force
        @($output | Where-Object { $_ -match '^Round \d+: passed' }) | Should -HaveCount 10
        $output -match '^FailedRounds\s*:\s*0$' | Should -HaveCount 1
    }
}
