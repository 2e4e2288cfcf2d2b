<#
.SYNOPSIS
Turns one `dotnet test` run of the xunit tests (its TRX file, exit code and console output) into the counts and lines
build.ps1 -Task Test prints: passed, failed and skipped tests, a line per failure (name and the error's first line) and
per skip (name and reason).

.DESCRIPTION
A run counts as failed when the TRX says so, and also when it does not but the test host crashed or aborted (a
non-zero exit code, an aborted outcome, or "Test Run Aborted" in the output), or when there is no TRX at all: a crash
must never read as a green run. Skips are counted from the results (the TRX counters leave a skipped test out of
notExecuted). tests/Pester/Build.Tests.ps1 checks each case.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$TrxPath,
    [Parameter(Mandatory)][int]$ExitCode,
    [AllowEmptyCollection()][string[]]$Output = @()
)

$ErrorActionPreference = 'Stop'
if (-not (Test-Path -LiteralPath $TrxPath)) {
    return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0; Failures = @("xunit: produced no results (dotnet test exited with code $ExitCode)"); Skips = @() }
}
$report = [xml](Get-Content -Raw -LiteralPath $TrxPath)
$counters = $report.TestRun.ResultSummary.Counters
$results = @($report.TestRun.Results.UnitTestResult | Where-Object { $_ })
$firstLine = { param($r) "$($r.Output.ErrorInfo.Message)".Split("`n")[0].Trim() }
$skipReason = {
    param($r)
    $text = $r.SelectSingleNode('*[local-name()="Output"]/*[local-name()="StdOut"]')?.InnerText ?? $r.SelectSingleNode('*[local-name()="Output"]/*[local-name()="ErrorInfo"]/*[local-name()="Message"]')?.InnerText
    "$text".Trim()
}
$failures = @($results | Where-Object outcome -In 'Failed', 'Error', 'Timeout' | ForEach-Object { 'xunit: {0}: {1}' -f $_.testName, (& $firstLine $_) })
$failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
$skips = @($results | Where-Object outcome -EQ 'NotExecuted' | ForEach-Object { 'xunit: {0}: {1}' -f $_.testName, (& $skipReason $_) })
# A test host that crashed or aborted can leave counters that add up to no failure: its exit code still says so.
$aborted = $report.TestRun.ResultSummary.outcome -in 'Aborted', 'Error' -or ($Output -match 'Test Run Aborted|The active test run was aborted')
if (($ExitCode -ne 0 -or $aborted) -and $failed -eq 0) {
    $failed = 1
    $failures += "xunit: dotnet test exited with code $ExitCode$(if ($aborted) { ' (the test run was aborted)' }) though no test was reported failed"
}
[pscustomobject]@{
    Passed   = [int]$counters.passed
    Failed   = $failed
    Skipped  = $skips.Count
    Failures = $failures
    Skips    = $skips
}
