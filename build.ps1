#Requires -Version 7.4
<#
.SYNOPSIS
Builds, tests and packages the PixelCnn module.

.DESCRIPTION
Tasks:
  Build    publishes the binaries for this machine's runtime into output/PixelCnn, a complete module
           (manifest, script module, format and help files, binaries, native libraries, MNIST data).
           On Linux systems whose libstdc++ lacks GLIBCXX_3.4.32 it repairs TorchSharp's native library.
  Test     builds, runs the xunit tests and the Pester tests (in fresh pwsh processes), then the Windows stage: the
           win-x64 package installed with PSResourceGet into a clean Windows profile under Wine and the user's Pester
           files run there (build/WindowsStage.ps1; counted skipped, with the reason, where Wine is missing). Prints a
           line per group and one closing line "N passed, N failed, N skipped" summed over all, after a line for every
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

Each task is a script of its own, build/<Task>.Task.ps1; the helpers they share with the help generator and the
tests are in build/BuildTools.psm1.

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

    # Test: All runs this machine's tests (xunit, Pester) and the Windows stage (the win-x64 package under Wine, where
    # Wine is installed); Native only this machine's; Windows only the Windows stage.
    [ValidateSet('All', 'Native', 'Windows')]
    [string]$Stage = 'All',

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

Import-Module (Join-Path $root 'build' 'BuildTools.psm1') -Force

$hostRuntime = Get-RuntimeId
if (-not $Runtime) { $Runtime = $hostRuntime }
# This machine's module is output/PixelCnn (what Test, Bench and the examples use); another runtime's output/<runtime>/PixelCnn.
$moduleOut = if ($Runtime -eq $hostRuntime) { Join-Path $output 'PixelCnn' } else { Join-Path $output $Runtime 'PixelCnn' }

if ($Task -in 'Test', 'Bench', 'Stress' -and $Runtime -ne $hostRuntime) {
    throw "-Task $Task runs the module on this machine ($hostRuntime); a $Runtime module can be built and packaged here, not run."
}

Push-Location $root
try {
    # Each task is a small script of its own in build/ (Build.Task.ps1, Test.Task.ps1, ...), run in this scope.
    . (Join-Path $root 'build' "$Task.Task.ps1")
    & "Invoke-$Task"
}
finally {
    Pop-Location
}
