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
        $output = & $pwsh[0] @($pwsh | Select-Object -Skip 1) @arguments 2>&1 | ForEach-Object { "$_" }
        $LASTEXITCODE | Should -Be 0 -Because ($output | Select-Object -Last 12 | Out-String)
        @($output | Where-Object { $_ -match '^Round \d+: passed' }) | Should -HaveCount 10
        $output -match '^FailedRounds\s*:\s*0$' | Should -HaveCount 1
    }
}
