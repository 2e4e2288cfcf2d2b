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
    [string]$Filter = $(if ($env:PIXELCNN_TEST_FILTER) { $env:PIXELCNN_TEST_FILTER } else { '*' })
)

$ErrorActionPreference = 'Stop'
Import-Module -Name $PesterPath -Force
# Test files import the module from here, so they always test the built module.
$env:PIXELCNN_TEST_MODULE = (Resolve-Path -LiteralPath $ModulePath).ProviderPath

$configuration = New-PesterConfiguration
$configuration.Run.Path = @(Get-ChildItem -LiteralPath (Join-Path $PSScriptRoot 'Pester') -Filter "$Filter.Tests.ps1" | ForEach-Object FullName)
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
if ($ResultsPath) {
    $configuration.TestResult.Enabled = $true
    $configuration.TestResult.OutputPath = $ResultsPath
    $configuration.TestResult.OutputFormat = 'NUnitXml'
}

$result = Invoke-Pester -Configuration $configuration
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
[pscustomobject]@{ Passed = $result.PassedCount; Failed = $failed } | ConvertTo-Json | Set-Content -LiteralPath $SummaryPath
