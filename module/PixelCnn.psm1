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

# A module built for another platform (a win-x64 package on Linux, say) would fail later with a loader error about a
# native library; say plainly what happened instead. The build writes the runtime beside the binaries.
$runtimeFile = Join-Path $binary 'PixelCnn.runtime.json'
if (Test-Path -LiteralPath $runtimeFile) {
    $builtFor = (Get-Content -Raw -LiteralPath $runtimeFile | ConvertFrom-Json).RuntimeIdentifier
    $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
    $here = "$os-$("$([System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture)".ToLowerInvariant())"
    if ($builtFor -ne $here) {
        throw [System.PlatformNotSupportedException]::new(
            "This PixelCnn module was built for $builtFor and cannot run on this machine ($here). Install the $here package: " +
            "'./build.ps1 -Task Package -Runtime $here' writes it to output/package/$here, and 'Register-PSResourceRepository " +
            "-Name PixelCnn -Uri <that folder> -Trusted; Install-PSResource PixelCnn -Repository PixelCnn' installs it. " +
            "Or build the module here: dotnet pwsh ./build.ps1 -Task Build")
    }
}

$isReload = $true
if (-not ('PixelCnn.LoadContext.ModuleLoadContext' -as [type])) {
    $isReload = $false
    Add-Type -LiteralPath (Join-Path $binary 'PixelCnn.LoadContext.dll')
}
$mainAssembly = [PixelCnn.LoadContext.ModuleLoadContext]::Initialize($binary)
$innerModule = Import-Module -Assembly $mainAssembly -PassThru

if ($isReload) {
    # On 'Import-Module PixelCnn -Force' PowerShell hands back its cached binary module for the same assembly
    # without adding its cmdlets to this module again (PowerShell issue 20710), so add them here.
    $addExportedCmdlet = [System.Management.Automation.PSModuleInfo].GetMethod(
        'AddExportedCmdlet', [System.Reflection.BindingFlags]'Instance, NonPublic')
    foreach ($command in $innerModule.ExportedCommands.Values) {
        $addExportedCmdlet.Invoke($ExecutionContext.SessionState.Module, @(, $command))
    }
}

Export-ModuleMember -Cmdlet * -Function * -Alias *
