<#
.SYNOPSIS
Runs the Pester tests against a built module in this (fresh) pwsh process and writes the counts as JSON.
Called by build.ps1 -Task Test.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$PesterPath,
    [Parameter(Mandatory)][string]$ModulePath,
    [Parameter(Mandatory)][string]$SummaryPath,
    [string]$ResultsPath,
    # Test files whose names match this wildcard (default: $env:PIXELCNN_TEST_FILTER, else all).
    [string]$Filter = $(if ($env:PIXELCNN_TEST_FILTER) { $env:PIXELCNN_TEST_FILTER } else { '*' }),
    # Or exactly these test files, by name without .Tests.ps1 (the Windows stage's list).
    [string[]]$Name,
    # Tests with these tags are left out (the Windows stage leaves out those tagged Long).
    [string[]]$ExcludeTag
)

$ErrorActionPreference = 'Stop'
Import-Module -Name $PesterPath -Force
# Test files import the module from here, so they always test the built module.
$env:PIXELCNN_TEST_MODULE = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
# The tests choose their data themselves: a user's MNIST folder or cache (the documented overrides) would change what
# "the shipped data" and "the cache" mean to them. Cleared for this process and the children it starts.
$env:PIXELCNN_DATA = $null
$env:PIXELCNN_CACHE = $null
# Child processes the tests start (fresh pwsh, the build) write plain text: a colour's escape character in a failure
# message is not valid in the NUnit XML report, and Pester would lose the whole run's results over it.
$env:NO_COLOR = '1'

$configuration = New-PesterConfiguration
$configuration.Run.Path = if ($Name) {
    @($Name | ForEach-Object { (Get-Item -LiteralPath (Join-Path $PSScriptRoot 'Pester' "$_.Tests.ps1")).FullName })
}
else {
    @(Get-ChildItem -LiteralPath (Join-Path $PSScriptRoot 'Pester') -Filter "$Filter.Tests.ps1" | ForEach-Object FullName)
}
$configuration.Run.PassThru = $true
if ($ExcludeTag) { $configuration.Filter.ExcludeTag = $ExcludeTag }
$configuration.Output.Verbosity = 'Detailed'
if ($ResultsPath) {
    $configuration.TestResult.Enabled = $true
    $configuration.TestResult.OutputPath = $ResultsPath
    $configuration.TestResult.OutputFormat = 'NUnitXml'
}

$result = Invoke-Pester -Configuration $configuration
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
function Get-FirstLine([object]$ErrorRecords) { $line = "$(@($ErrorRecords)[0])".Split("`n")[0].Trim(); if ($line.Length -gt 300) { $line.Substring(0, 300) + " ..." } else { $line } }
# What a red run needs to say why: every failed test, block and file with the first line of its error; every skip with its reason.
$failures = @(
    $result.Failed | ForEach-Object { '{0}: {1}: {2}' -f (Split-Path -Leaf $_.ScriptBlock.File), $_.ExpandedPath, (Get-FirstLine $_.ErrorRecord) }
    $result.FailedBlocks | ForEach-Object { '{0}: {1} (setup): {2}' -f (Split-Path -Leaf $_.ScriptBlock.File), ($_.Path -join '.'), (Get-FirstLine $_.ErrorRecord) }
    $result.FailedContainers | ForEach-Object { '{0}: (file): {1}' -f (Split-Path -Leaf "$($_.Item)"), (Get-FirstLine $_.ErrorRecord) }
)
$skips = @($result.Skipped | ForEach-Object { '{0}: {1}: {2}' -f (Split-Path -Leaf $_.ScriptBlock.File), $_.ExpandedPath, $(if ($_.ErrorRecord) { Get-FirstLine $_.ErrorRecord } else { 'skipped' }) })
[pscustomobject]@{ Passed = $result.PassedCount; Failed = $failed; Skipped = $result.SkippedCount; Failures = $failures; Skips = $skips } |
    ConvertTo-Json | Set-Content -LiteralPath $SummaryPath
