# The Windows stage of the Test task (dot-sourced by Test.Task.ps1): the win-x64 package, installed with PSResourceGet
# into a fresh Windows profile and tested there, under Wine. Uses build.ps1's $root, $output, $moduleOut, $Backend,
# $Configuration.
#
# Wine needs, and the stage sets: DOTNET_EnableWriteXorExecute=0 (with .NET's W^X double mapping the CLR dies in
# DynamicResolver's finalizer under Wine), KMP_AFFINITY=disabled (Wine 8 lacks GetNumaNodeProcessorMaskEx, which
# libtorch's Intel OpenMP calls to place threads), a host made from PowerShell's SDK (pwsh's console host needs a
# Windows console, which Wine does not give a piped process), and a prefix and HOME of its own (a clean profile each
# run: Wine links the profile's Documents folder, where PSResourceGet installs modules, to $HOME).

# The Pester files that test what a user does. Left out: those of the build, the sources or Linux itself (Build,
# Package, ScriptRules, FullDisk), those that need Python (PyTorch) or train examples for minutes (Examples), and, for
# time (about 40 s each under Wine), the architecture's and the pipeline's internals (Gated, Streaming), whose results
# Platforms.Tests.ps1 checks exactly. Tests tagged Long are left out too.
$WindowsTestFiles = @(
    'Platforms', 'Sampling', 'Completion', 'Distribution', 'Training', 'Stopping', 'Checkpoint', 'ExportPng', 'Plot',
    'Sessions', 'ShippedModel', 'Mnist', 'Model', 'Module', 'Recipe', 'Masks'
)

# The stage's Pester run ends after this long (about 3 minutes on 2 cores); a hang under Wine fails it instead.
$WindowsStageMinutes = 8

function ConvertTo-WinePath([string]$Path) {
    <# Wine's Z: drive is the Linux root. #>
    'Z:' + [System.IO.Path]::GetFullPath($Path).Replace('/', '\')
}

function Remove-WinePrefix {
    <# Removes Wine's folders with rm, which never follows a link (dosdevices/z: links to the file system's root). #>
    [CmdletBinding(SupportsShouldProcess)]
    param([string[]]$Folder)
    $rm = Get-Command -Name rm -CommandType Application | Select-Object -First 1
    foreach ($path in $Folder) {
        if ((Test-Path -LiteralPath $path) -and $PSCmdlet.ShouldProcess($path, 'Remove Wine prefix')) {
            & $rm -rf -- $path
        }
    }
}

function Get-WindowsStageSkip {
    <# Why the stage cannot run here, or nothing when it can. #>
    if (-not $IsLinux) { return 'the Windows stage runs the Windows build under Wine on Linux' }
    if ($Backend -ne 'Cpu') {
        return "the Windows stage runs the CPU build (Wine has no GPU); this run builds $Backend"
    }
    if (-not (Get-Command -Name wine -CommandType Application -ErrorAction Ignore)) {
        return "Wine is not installed (Debian: apt-get install -y --no-install-recommends wine64 wine)"
    }
}

function Build-WindowsTestHost([string]$Folder) {
    <# The Windows PowerShell host (tests/windows) with the modules Windows' pwsh ships (PSResourceGet among them). #>
    $project = Join-Path $root 'tests/windows/PixelCnn.WindowsHost.csproj'
    Invoke-Dotnet -Arguments @('publish', $project, '-c', $Configuration, '-o', $Folder)
    $modules = Join-Path $Folder 'Modules'
    if (-not (Test-Path -LiteralPath $modules)) {
        # The local tool's package holds pwsh for every platform: its win folder has Windows' module set.
        Copy-Item -LiteralPath (Join-Path $PSHOME '..' 'win' 'Modules') -Destination $modules -Recurse
    }
    Join-Path $Folder 'pwsh.exe'
}

function Invoke-UnderWine([string[]]$Arguments, [string]$Log, [int]$Minutes) {
    <#
    Runs wine with these arguments, its output into $Log and then to the host (Wine's own notes on standard error, such
    as Z:'s missing volume label, are left in the log only). False when it ran out of time and was ended.
    #>
    $process = Start-Process -FilePath wine -ArgumentList $Arguments -NoNewWindow -PassThru `
        -RedirectStandardOutput $Log -RedirectStandardError "$Log.err"
    $finished = $process.WaitForExit([TimeSpan]::FromMinutes($Minutes))
    if (-not $finished) { $process.Kill($true) }
    Get-Content -LiteralPath $Log | Out-Host
    $finished
}

function Get-StageResult([int]$Passed, [int]$Failed, [int]$Skipped, [string[]]$Failures = @(), [string[]]$Skips = @()) {
    <# A group's counts as the other runners give them. #>
    [pscustomobject]@{ Passed = $Passed; Failed = $Failed; Skipped = $Skipped; Failures = $Failures; Skips = $Skips }
}

function Export-PlatformReference([string]$Path) {
    <# The Linux module's figures on this machine (tests/Pester/Get-PlatformFigures.ps1), which Platforms.Tests.ps1
       under Wine compares its own with: recorded values would tie the stage to the processor they came from. #>
    $pwsh = Get-PwshCommand
    $figures = Join-Path $root 'tests/Pester/Get-PlatformFigures.ps1'
    $command = "Import-Module '$(Join-Path $moduleOut 'PixelCnn.psd1')'; & '$figures' | ConvertTo-Json | " +
        "Set-Content -LiteralPath '$Path'"
    & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $command | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "The Linux module's platform figures failed (exit code $LASTEXITCODE)." }
}

function Invoke-WindowsStage {
    <# Counts as the other runners do: Passed, Failed, Skipped, Failures, Skips. #>
    $skip = Get-WindowsStageSkip
    if ($skip) { return Get-StageResult -Skipped 1 -Skips "Windows stage: $skip" }
    $stage = Join-Path $output 'windows'
    $started = [DateTime]::UtcNow
    $pwsh = Get-PwshCommand
    & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File (Join-Path $root 'build.ps1') `
        -Task Package -Runtime win-x64 -Backend $Backend -Configuration $Configuration -OutputPath $output | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "The win-x64 package did not build (exit code $LASTEXITCODE)." }
    $exe = Build-WindowsTestHost (Join-Path $stage 'host')
    $reference = Join-Path $stage 'platform-reference.json'
    Export-PlatformReference $reference
    # A new prefix and home each run: Wine links the profile's Documents (where PSResourceGet installs) to $HOME.
    $prefix, $profileHome = (Join-Path $stage 'prefix'), (Join-Path $stage 'home')
    Remove-WinePrefix $prefix, $profileHome
    New-Item -ItemType Directory -Path $profileHome | Out-Null
    $summary = Join-Path $stage 'pester.json'
    if (Test-Path -LiteralPath $summary) { Remove-Item -LiteralPath $summary }
    $pester = ConvertTo-WinePath (Get-PesterModulePath)   # before HOME changes: the packages folder is under it
    $saved = @{}
    $settings = @{
        WINEPREFIX = $prefix; HOME = $profileHome; WINEDEBUG = '-all'; NO_COLOR = '1'
        DOTNET_EnableWriteXorExecute = '0'; KMP_AFFINITY = 'disabled'
        PIXELCNN_TEST_FILTER = $null; PIXELCNN_DATA = $null
        PIXELCNN_PLATFORM_REFERENCE = ConvertTo-WinePath $reference
    }
    foreach ($name in $settings.Keys) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $settings[$name])
    }
    try {
        $script = ConvertTo-WinePath (Join-Path $root 'tests/windows/Invoke-WindowsTests.ps1')
        $arguments = @($exe, '-NoProfile', '-NonInteractive', '-File', $script, '-PesterPath', $pester,
            '-Repository', (ConvertTo-WinePath (Join-Path $output 'package' 'win-x64')),
            '-SummaryPath', (ConvertTo-WinePath $summary), '-Name', ($WindowsTestFiles -join ','))
        $log = Join-Path $stage 'output.txt'
        $finished = Invoke-UnderWine -Arguments $arguments -Log $log -Minutes $WindowsStageMinutes
    }
    finally {
        & wineserver -k 2>$null   # this prefix's server, which would linger for a few seconds
        foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        # The prefix links drive Z: to the file system's root: a loop for anything that walks output/ recursively.
        Remove-WinePrefix $prefix, $profileHome
    }
    if (-not $finished) {
        return Get-StageResult -Failed 1 -Failures "Windows: no result within $WindowsStageMinutes minutes (ended)"
    }
    Write-Information ("Windows stage: {0:N0} s" -f ([DateTime]::UtcNow - $started).TotalSeconds)
    if (-not (Test-Path -LiteralPath $summary)) {
        return Get-StageResult -Failed 1 -Failures 'Windows: Pester produced no results'
    }
    $result = Get-Content -Raw -LiteralPath $summary | ConvertFrom-Json
    $result.Failures = @($result.Failures | ForEach-Object { "Windows: $_" })
    $result.Skips = @($result.Skips | ForEach-Object { "Windows: $_" })
    $result
}
