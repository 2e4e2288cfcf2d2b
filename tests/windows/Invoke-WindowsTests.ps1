<#
.SYNOPSIS
Runs in the Windows test host under Wine (build.ps1 -Task Test's Windows stage): installs the win-x64 package with
PSResourceGet into this fresh Windows profile, as a user would, and runs the Pester files that test what a user does
against the installed module. Writes the counts as tests/Invoke-PesterTests.ps1 does.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$PesterPath,
    # The folder that holds the package (output/package/win-x64).
    [Parameter(Mandatory)][string]$Repository,
    [Parameter(Mandatory)][string]$SummaryPath,
    # The Pester files to run, by name without .Tests.ps1, separated by commas (one argument on pwsh's command line).
    [Parameter(Mandatory)][string]$Name
)

$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'
$repositoryName = 'PixelCnnWindowsStage'
Register-PSResourceRepository -Name $repositoryName -Uri $Repository -Trusted
try {
    Install-PSResource PixelCnn -Repository $repositoryName -Scope CurrentUser -TrustRepository
}
finally {
    Unregister-PSResourceRepository -Name $repositoryName
}

$installed = Get-Module -ListAvailable -Name PixelCnn | Select-Object -First 1
$profileModules = Join-Path ([Environment]::GetFolderPath('MyDocuments')) 'PowerShell' 'Modules'
if (-not $installed -or -not $installed.Path.StartsWith($profileModules, [StringComparison]::OrdinalIgnoreCase)) {
    throw "PixelCnn was not installed into the profile's module folder $profileModules (found: $($installed.Path))."
}
Write-Information "Installed: $($installed.Path)" -InformationAction Continue

# No NUnit report: Pester fills its environment element from WMI, which never answers under Wine.
& (Join-Path $PSScriptRoot '..' 'Invoke-PesterTests.ps1') -PesterPath $PesterPath -ModulePath $installed.Path `
    -SummaryPath $SummaryPath -Name ($Name -split ',') -ExcludeTag Long
