# Loads PixelCnn's binary module into its own AssemblyLoadContext, so that TorchSharp, ImageSharp and their
# dependencies never collide with assemblies other modules load into the same PowerShell session.
$ErrorActionPreference = 'Stop'

$moduleBase = Split-Path -Parent $PSScriptRoot
# The built module keeps its binaries in bin/; a source checkout finds them in the build's output folder.
$binary = @(
    (Join-Path $moduleBase 'bin')
    (Join-Path $moduleBase 'output' 'PixelCnn' 'bin')
) | Where-Object { Test-Path -LiteralPath (Join-Path $_ 'PixelCnn.LoadContext.dll') } | Select-Object -First 1
if (-not $binary) {
    throw [System.IO.FileNotFoundException]::new(
        "PixelCnn's binaries are missing under '$moduleBase'. Build them first: dotnet pwsh ./build.ps1 -Task Build")
}

if (-not ('PixelCnn.LoadContext.ModuleLoadContext' -as [type])) {
    Add-Type -LiteralPath (Join-Path $binary 'PixelCnn.LoadContext.dll')
}
$mainAssembly = [PixelCnn.LoadContext.ModuleLoadContext]::Initialize($binary)
Import-Module -Assembly $mainAssembly -Force
Export-ModuleMember -Cmdlet * -Function * -Alias *
