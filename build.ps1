#Requires -Version 7.4
<#
.SYNOPSIS
Builds, tests and packages the PixelCnn module.

.DESCRIPTION
Tasks:
  Build    publishes the binaries for this machine's runtime into output/PixelCnn, a complete module
           (manifest, script module, format and help files, binaries, native libraries, MNIST data).
           On Linux systems whose libstdc++ lacks GLIBCXX_3.4.32 it repairs TorchSharp's native library.
  Test     builds, runs the xunit tests and the Pester tests (in fresh pwsh processes), and prints one
           closing line "N passed, N failed, N skipped" summed over both runners, after a line for every
           failed test (file, name, first line of the error) and every skip (with its reason). Exits 1 on any failure.
  Package  builds for -Runtime (linux-x64, win-x64 or osx-arm64; default: this machine's) and writes an installable
           module package, one per runtime: output/package/<runtime>/PixelCnn.<version>.nupkg.
           A module for another runtime is assembled in output/<runtime>/PixelCnn; it is checked for layout here,
           not run.
  Bench    builds and measures training and sampling throughput (bench/Invoke-Benchmark.ps1, a fresh pwsh);
           -Reference also runs the tutorial's PyTorch model and prints ours/PyTorch ratios;
           -Architecture Gated [-Conditional] measures the Gated PixelCNN; -Sharing measures sampling and training
           quiet and beside a busy process for OpenMP wait policies (bench/Measure-CpuSharing.ps1). Not a test.
  Stress   builds and runs the whole workflow in four ForEach-Object -Parallel runspaces, -Rounds times
           (bench/Invoke-StressTest.ps1); -CollectorStorm collects garbage in a loop meanwhile. Fails on any failed
           round, any result that differs from a serial run, or a crash. Not part of Test (minutes per 20 rounds).
  Clean    removes output/ and every bin/ and obj/ folder of the projects.

.EXAMPLE
dotnet pwsh ./build.ps1 -Task Test

.EXAMPLE
dotnet pwsh ./build.ps1 -Task Build -Backend Cuda
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Bench', 'Stress', 'Clean')]
    [string]$Task = 'Build',

    # Cpu uses TorchSharp-cpu; Cuda uses TorchSharp-cuda-windows or TorchSharp-cuda-linux.
    [ValidateSet('Cpu', 'Cuda')]
    [string]$Backend = 'Cpu',

    [ValidateSet('Debug', 'Release')]
    [string]$Configuration = 'Release',

    # Test, Package: skip the build and use the module the output folder holds.
    [switch]$NoBuild,

    # Test: run only the Pester test files whose names match this wildcard (for example 'Mnist*'), and no xunit tests.
    [string]$Filter = '*',

    # Bench: also run the tutorial's PyTorch model (../shared/reference, /usr/bin/python3) and print the ratios.
    [switch]$Reference,

    # Bench: the architecture to measure (PixelCnn or Gated), and a class-conditional Gated model.
    # (any architecture New-PixelCnn knows; it validates the name)
    [string]$Architecture = 'PixelCnn',
    [switch]$Conditional,

    # Bench: measure sharing the CPU instead (bench/Measure-CpuSharing.ps1: quiet and beside a busy process).
    [switch]$Sharing,

    # Stress: rounds of four parallel runspaces, and a garbage-collector storm beside them.
    [ValidateRange(1, 100000)]
    [int]$Rounds = 20,
    [switch]$CollectorStorm,

    # Build, Package: the runtime the module is for (default: this machine's). Libtorch's CPU build is served for these
    # three; each package holds one runtime's native libraries (NuGet's limit is 250 MB a package).
    [ValidateSet('linux-x64', 'win-x64', 'osx-arm64')]
    [string]$Runtime,

    # Build: the folder that receives the module (PixelCnn) and the staging area (default: output).
    [string]$OutputPath
)

$ErrorActionPreference = 'Stop'
$InformationPreference = 'Continue'   # status lines go to the information stream, shown at the console
Set-StrictMode -Version Latest

$root = $PSScriptRoot
$output = if ($OutputPath) { [System.IO.Path]::GetFullPath($OutputPath) } else { Join-Path $root 'output' }
$testResults = Join-Path $output 'TestResults'

function Get-PwshCommand {
    # pwsh runs either as its own executable or, as a dotnet local tool, as 'dotnet pwsh.dll'.
    $process = [Environment]::ProcessPath
    if ((Split-Path -Leaf $process) -like 'dotnet*') { return @($process, (Join-Path $PSHOME 'pwsh.dll')) }
    @($process)
}

function Get-RuntimeId {
    $arch = switch ([System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture) {
        'X64' { 'x64' }
        'Arm64' { 'arm64' }
        default { throw "Unsupported processor architecture: $_" }
    }
    $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
    "$os-$arch"
}

$hostRuntime = Get-RuntimeId
if (-not $Runtime) { $Runtime = $hostRuntime }
# This machine's module is output/PixelCnn (what Test, Bench and the examples use); another runtime's output/<runtime>/PixelCnn.
$moduleOut = if ($Runtime -eq $hostRuntime) { Join-Path $output 'PixelCnn' } else { Join-Path $output $Runtime 'PixelCnn' }

function Invoke-Dotnet {
    param([Parameter(Mandatory)][string[]]$Arguments, [switch]$PassThruOutput)
    Write-Information "dotnet $($Arguments -join ' ')"
    $lines = & dotnet @Arguments 2>&1 | ForEach-Object { "$_" }
    $code = $LASTEXITCODE
    if ($PassThruOutput) { return [pscustomobject]@{ ExitCode = $code; Output = $lines } }
    $lines | ForEach-Object { Write-Information $_ }
    if ($code -ne 0) { throw "dotnet $($Arguments[0]) failed with exit code $code." }
}

function Get-TorchPackageName {
    $os = switch -Wildcard ($Runtime) { 'win-*' { 'windows' } 'osx-*' { 'osx' } default { 'linux' } }
    $result = Invoke-Dotnet -PassThruOutput -Arguments @(
        'msbuild', (Join-Path $root 'src/PixelCnn/PixelCnn.csproj'), '-nologo',
        "-getProperty:PixelCnnTorchPackage", "-property:PixelCnnBackend=$Backend", "-property:PixelCnnTargetOS=$os")
    ($result.Output | Where-Object { $_ } | Select-Object -Last 1).Trim()
}

function Invoke-Build {
    $rid = $Runtime
    Write-Information "Building PixelCnn ($Configuration, $rid, backend $Backend)"

    $restore = Invoke-Dotnet -PassThruOutput -Arguments @(
        'restore', (Join-Path $root 'src/PixelCnn/PixelCnn.csproj'), '-r', $rid, "-p:PixelCnnBackend=$Backend")
    if ($restore.ExitCode -ne 0) {
        $restore.Output | ForEach-Object { Write-Information $_ }
        if ($restore.Output -match "NU1101|NU1102|Unable to find package") {
            $package = Get-TorchPackageName
            throw ("The $Backend backend needs the NuGet package '$package' (version from Directory.Packages.props), " +
                "which none of the configured NuGet sources provides. Add a source that has it (nuget.config) " +
                "or build the default CPU backend with: ./build.ps1 -Task Build -Backend Cpu")
        }
        throw "dotnet restore failed with exit code $($restore.ExitCode)."
    }

    $staging = Join-Path (Split-Path -Parent $moduleOut) 'staging'
    if (Test-Path -LiteralPath $staging) { Remove-Item -LiteralPath $staging -Recurse -Force }

    Invoke-Dotnet -Arguments @('publish', (Join-Path $root 'src/PixelCnn/PixelCnn.csproj'), '-c', $Configuration,
        '-r', $rid, '--self-contained', 'false', "-p:PixelCnnBackend=$Backend", '--no-restore', '-o', (Join-Path $staging 'bin'))
    Invoke-Dotnet -Arguments @('publish', (Join-Path $root 'src/PixelCnn.LoadContext/PixelCnn.LoadContext.csproj'),
        '-c', $Configuration, '-o', (Join-Path $staging 'bin'))

    $stagingBin = Join-Path $staging 'bin'
    Get-ChildItem -LiteralPath $stagingBin -Filter '*.deps.json' | Where-Object Name -NE 'PixelCnn.deps.json' | Remove-Item
    if (Test-Path -LiteralPath (Join-Path $stagingBin 'System.Management.Automation.dll')) {
        throw 'System.Management.Automation.dll must not ship with the module.'
    }

    # The repair is for Linux systems like this one, whose libstdc++ is older than the one TorchSharp was built against.
    if ($IsLinux -and $rid -like 'linux-*') {
        $repair = & (Join-Path $root 'src/Native/Repair-LibTorchSharp.ps1') -LibraryPath (Join-Path $stagingBin 'libLibTorchSharp.so')
        Write-Information "libLibTorchSharp.so: $(if ($repair.Repaired) { 'repaired' } else { 'unchanged' }) ($($repair.Reason))"
    }

    $stagingModule = Join-Path $staging 'module'
    New-Item -ItemType Directory -Path $stagingModule -Force | Out-Null
    Copy-Item -LiteralPath (Join-Path $root 'PixelCnn.psd1') -Destination $staging
    Get-ChildItem -LiteralPath (Join-Path $root 'module') -File | Copy-Item -Destination $stagingModule
    Copy-Item -LiteralPath (Join-Path $root 'module/data') -Destination $stagingModule -Recurse
    if (Test-Path -LiteralPath (Join-Path $root 'module/models')) {
        Copy-Item -LiteralPath (Join-Path $root 'module/models') -Destination $stagingModule -Recurse
    }
    Copy-Item -LiteralPath (Join-Path $root 'module/en-US') -Destination $staging -Recurse

    # Cmdlet help sits next to the module manifest (found on every import, also after Import-Module -Force) and
    # next to PixelCnn.dll (found when the module is imported through the repository's root manifest).
    $helpOut = Join-Path $stagingBin 'en-US'
    & (Join-Path $root 'module/help/Build-Help.ps1') -ModulePath (Join-Path $staging 'PixelCnn.psd1') -OutputPath $helpOut
    Copy-Item -LiteralPath (Join-Path $helpOut 'PixelCnn.dll-Help.xml') -Destination (Join-Path $staging 'en-US')

    # The runtime the binaries are for, which module/PixelCnn.psm1 compares with the importing machine's. Written after
    # the help, which is generated by importing the staged module here (its cmdlets' metadata needs no native code).
    [ordered]@{ RuntimeIdentifier = $rid; Backend = $Backend } | ConvertTo-Json | Set-Content -LiteralPath (Join-Path $stagingBin 'PixelCnn.runtime.json')

    # The previous module is replaced only by a complete new one: a failed build leaves it as it was.
    if (Test-Path -LiteralPath $moduleOut) { Remove-Item -LiteralPath $moduleOut -Recurse -Force }
    Move-Item -LiteralPath $staging -Destination $moduleOut
    Write-Information "Module ready: $moduleOut"
}

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
    & (Join-Path $root 'tests/ConvertFrom-XunitRun.ps1') -TrxPath $trx -ExitCode $run.ExitCode -Output $run.Output
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
    # -Filter picks Pester files; the xunit tests run only in a whole run. (Run side by side on 2 cores, the two
    # runners took 12.5 minutes against 10 one after the other: libtorch's threads of both fight for the cores.)
    $xunit = if ($Filter -eq '*') { Invoke-XunitTest } else { [pscustomobject]@{ Passed = 0; Failed = 0; Skipped = 0; Failures = @(); Skips = @() } }
    $pester = Invoke-PesterTest
    Write-Information "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped; Pester: $($pester.Passed) passed, $($pester.Failed) failed, $($pester.Skipped) skipped"
    foreach ($skip in @($xunit.Skips) + @($pester.Skips) | Where-Object { $_ }) { Write-Information "Skipped: $skip" }
    foreach ($failure in @($xunit.Failures) + @($pester.Failures) | Where-Object { $_ }) { Write-Information "FAILED: $failure" }
    $passed = $xunit.Passed + $pester.Passed
    $failed = $xunit.Failed + $pester.Failed
    $skipped = $xunit.Skipped + $pester.Skipped
    Write-Output "$passed passed, $failed failed, $skipped skipped"
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-Package {
    if (-not $NoBuild) { Invoke-Build }
    elseif (-not (Test-Path -LiteralPath (Join-Path $moduleOut 'PixelCnn.psd1'))) { throw "-NoBuild: there is no $Runtime module in $moduleOut to package." }
    # One folder per runtime, named for it: PSResourceGet's local repositories read a package's version from its file
    # name (<name>.<version>.nupkg; it refuses PixelCnn.0.2.0.win-x64.nupkg), so the platform goes in the folder.
    $repository = Join-Path $output 'package' $Runtime
    if (Test-Path -LiteralPath $repository) { Remove-Item -LiteralPath $repository -Recurse -Force }
    New-Item -ItemType Directory -Path $repository | Out-Null
    $name = 'PixelCnnBuild'
    if (Get-PSResourceRepository -Name $name -ErrorAction SilentlyContinue) { Unregister-PSResourceRepository -Name $name }
    Register-PSResourceRepository -Name $name -Uri $repository -Trusted
    try {
        Publish-PSResource -Path $moduleOut -Repository $name -SkipDependenciesCheck
    }
    finally {
        Unregister-PSResourceRepository -Name $name
    }
    $nupkg = Get-ChildItem -LiteralPath $repository -Filter 'PixelCnn.*.nupkg' | Select-Object -First 1
    if ($nupkg.Length -ge 250MB) { throw "The $Runtime package is $([math]::Round($nupkg.Length / 1MB)) MB, over NuGet's 250 MB limit." }
    Write-Information ("Package: {0} ({1:N1} MB). Install on a {2} machine: Register-PSResourceRepository -Name PixelCnn -Uri '{3}' -Trusted; Install-PSResource PixelCnn -Repository PixelCnn" -f $nupkg.FullName, ($nupkg.Length / 1MB), $Runtime, $repository)
}

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

function Invoke-Clean {
    if (Test-Path -LiteralPath $output) { Remove-Item -LiteralPath $output -Recurse -Force }
    Get-ChildItem -LiteralPath (Join-Path $root 'src'), (Join-Path $root 'tests') -Directory -Recurse -Include 'bin', 'obj' |
        Remove-Item -Recurse -Force
}

if ($Task -in 'Test', 'Bench', 'Stress' -and $Runtime -ne $hostRuntime) {
    throw "-Task $Task runs the module on this machine ($hostRuntime); a $Runtime module can be built and packaged here, not run."
}

Push-Location $root
try {
    switch ($Task) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Package' { Invoke-Package }
        'Bench' { Invoke-Bench }
        'Stress' { Invoke-Stress }
        'Clean' { Invoke-Clean }
    }
}
finally {
    Pop-Location
}
