# Helpers the build's tasks, the help generator and the tests share (each written once).

function Get-PwshCommand {
    <# pwsh runs either as its own executable or, as a dotnet local tool, as 'dotnet pwsh.dll': the command line to start another. #>
    $process = [Environment]::ProcessPath
    if ((Split-Path -Leaf $process) -like 'dotnet*') { return @($process, (Join-Path $PSHOME 'pwsh.dll')) }
    # An array of one, not a string: callers index it ($pwsh[0] of a bare string would be its first letter).
    , @($process)
}

function Get-RuntimeId {
    <# This machine's .NET runtime identifier, for example linux-x64. #>
    $arch = switch ([System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture) {
        'X64' { 'x64' }
        'Arm64' { 'arm64' }
        default { throw "Unsupported processor architecture: $_" }
    }
    $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
    "$os-$arch"
}

function Invoke-Dotnet {
    <# Runs dotnet, shows its output as information; -PassThruOutput returns the exit code and lines instead of throwing. #>
    param([Parameter(Mandatory)][string[]]$Arguments, [switch]$PassThruOutput)
    Write-Information "dotnet $($Arguments -join ' ')"
    $lines = & dotnet @Arguments 2>&1 | ForEach-Object { "$_" }
    $code = $LASTEXITCODE
    if ($PassThruOutput) { return [pscustomobject]@{ ExitCode = $code; Output = $lines } }
    $lines | ForEach-Object { Write-Information $_ }
    if ($code -ne 0) { throw "dotnet $($Arguments[0]) failed with exit code $code." }
}

Export-ModuleMember -Function Get-PwshCommand, Get-RuntimeId, Invoke-Dotnet
