BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:root = Get-RepositoryRoot
    $script:work = Join-Path ([System.IO.Path]::GetTempPath()) "pixelcnn-package-$PID"
    New-Item -ItemType Directory -Path $work -Force | Out-Null
    $script:version = (Import-PowerShellDataFile (Join-Path $root 'PixelCnn.psd1')).ModuleVersion
    $script:hostRuntime = "$(if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' })-$("$([System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture)".ToLowerInvariant())"

    function Invoke-Build([string[]]$Arguments) {
        $pwsh = Get-PwshCommand
        # Plain text: the build's colours would put escape characters into the test report (invalid in its XML).
        $lines = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File (Join-Path $root 'build.ps1') @Arguments 2>&1 |
            ForEach-Object { "$_" -replace '\x1b\[[0-9;]*m', '' }
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = $lines }
    }

    # The module under test is packaged as it is (-NoBuild) and its package installed below. The other runtimes are
    # built from the sources into a scratch output folder, as a user's build would; their package is that folder as
    # Publish-PSResource zips it, so the test reads the folder (zipping both took about 20 s of the suite's 10-minute
    # budget; their packed sizes are measured in docs/build.md).
    Copy-Item -LiteralPath (Split-Path -Parent $env:PIXELCNN_TEST_MODULE) -Destination (Join-Path $work $hostRuntime 'PixelCnn') -Recurse
    $script:builds = @{}
    $script:moduleFolder = @{}
    foreach ($runtime in 'linux-x64', 'win-x64', 'osx-arm64') {
        if ($runtime -eq $hostRuntime) {
            $builds[$runtime] = Invoke-Build @('-Task', 'Package', '-Runtime', $runtime, '-NoBuild', '-OutputPath', (Join-Path $work $hostRuntime))
            $moduleFolder[$runtime] = Join-Path $work $hostRuntime 'PixelCnn'
        }
        else {
            $builds[$runtime] = Invoke-Build @('-Task', 'Build', '-Runtime', $runtime, '-OutputPath', (Join-Path $work 'out'))
            $moduleFolder[$runtime] = Join-Path $work 'out' $runtime 'PixelCnn'
        }
    }
    $script:hostPackage = Join-Path $work $hostRuntime 'package' $hostRuntime "PixelCnn.$version.nupkg"

    # The files of a runtime's package: the host's from the .nupkg, the others' from the module folder that is packed.
    function Get-PackageEntryName([string]$Runtime) {
        if ($Runtime -eq $hostRuntime) {
            $zip = [System.IO.Compression.ZipFile]::OpenRead($hostPackage)
            try { @($zip.Entries | ForEach-Object { [System.Uri]::UnescapeDataString($_.FullName) }) } finally { $zip.Dispose() }
        }
        else {
            $folder = $moduleFolder[$Runtime]
            @(Get-ChildItem -LiteralPath $folder -Recurse -File | ForEach-Object { [System.IO.Path]::GetRelativePath($folder, $_.FullName).Replace('\', '/') })
        }
    }
}

AfterAll {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'A package per platform' {
    BeforeAll {
        # The libraries TorchSharp 0.107 loads by name (torch_cpu, then LibTorchSharp: LoadNativeBackend in its Torch.cs),
        # the ones those need at load time, and SkiaSharp's for the charts, each as its platform names the file.
        $script:nativeLibraries = @{
            'linux-x64' = 'libtorch_cpu.so', 'libLibTorchSharp.so', 'libc10.so', 'libtorch.so', 'libgomp-98b21ff3.so.1', 'libSkiaSharp.so'
            'win-x64'   = 'torch_cpu.dll', 'LibTorchSharp.dll', 'c10.dll', 'torch.dll', 'libiomp5md.dll', 'libSkiaSharp.dll'
            'osx-arm64' = 'libtorch_cpu.dylib', 'libLibTorchSharp.dylib', 'libc10.dylib', 'libtorch.dylib', 'libomp.dylib', 'libSkiaSharp.dylib'
        }
    }

    It 'this machine''s package is the only file in a folder named for its runtime, under 250 MB' {
        $builds[$hostRuntime].ExitCode | Should -Be 0 -Because ($builds[$hostRuntime].Output | Select-Object -Last 15 | Out-String)
        @(Get-ChildItem -LiteralPath (Split-Path -Parent $hostPackage)).Name | Should -Be @("PixelCnn.$version.nupkg")
        (Get-Item -LiteralPath $hostPackage).Length | Should -BeLessThan 250MB
    }

    It '<Runtime>: builds, with its native libraries in one folder, the manifest, help and shipped models' -TestCases @(
        @{ Runtime = 'linux-x64' }, @{ Runtime = 'win-x64' }, @{ Runtime = 'osx-arm64' }
    ) {
        $build = $builds[$Runtime]
        $build.ExitCode | Should -Be 0 -Because ($build.Output | Select-Object -Last 15 | Out-String)
        $entries = Get-PackageEntryName $Runtime
        foreach ($name in $nativeLibraries[$Runtime]) { $entries | Should -Contain "bin/$name" }
        # No other platform's native libraries, and nothing left in a runtimes/ tree the loader would not search.
        foreach ($other in $nativeLibraries.Keys | Where-Object { $_ -ne $Runtime }) {
            foreach ($name in $nativeLibraries[$other]) { $entries | Should -Not -Contain "bin/$name" }
        }
        @($entries | Where-Object { $_ -match '(^|/)runtimes/' }) | Should -BeNullOrEmpty
        # Managed and native code in the one folder TorchSharp's loader and the module's load context search.
        foreach ($name in 'TorchSharp.dll', 'PixelCnn.dll', 'PixelCnn.LoadContext.dll', 'PixelCnn.runtime.json') { $entries | Should -Contain "bin/$name" }
        # The manifest, the help, the shipped models, MNIST and the charts' font with its licence.
        foreach ($name in 'PixelCnn.psd1', 'module/PixelCnn.psm1', 'module/PixelCnn.Format.ps1xml', 'module/PixelCnn.Types.ps1xml', 'en-US/PixelCnn.dll-Help.xml',
            'en-US/about_PixelCnn.help.txt', 'module/models/gated.safetensors', 'module/models/gated-conditional.safetensors',
            'module/models/pixelcnn.safetensors', 'module/data/mnist/t10k-images-idx3-ubyte.gz',
            'module/fonts/DejaVuSans.ttf', 'module/fonts/DejaVuSans-Bold.ttf', 'module/fonts/LICENSE.txt') {
            $entries | Should -Contain $name
        }
    }

    It '<Runtime>: the binaries say which runtime they are for' -TestCases @(
        @{ Runtime = 'linux-x64' }, @{ Runtime = 'win-x64' }, @{ Runtime = 'osx-arm64' }
    ) {
        (Get-Content -Raw -LiteralPath (Join-Path $moduleFolder[$Runtime] 'bin' 'PixelCnn.runtime.json') | ConvertFrom-Json).RuntimeIdentifier | Should -Be $Runtime
    }

    It 'the package for this machine installs with PSResourceGet into a clean home and runs' {
        $home2 = Join-Path $work 'home'
        # PSResourceGet keeps its repositories and modules under these; a folder that does not exist yet would make it
        # fall back to the current directory.
        foreach ($folder in '.local/share', '.config', '.cache') { New-Item -ItemType Directory -Path (Join-Path $home2 $folder) -Force | Out-Null }
        $repository = Split-Path -Parent $hostPackage
        $script = @"
`$ErrorActionPreference = 'Stop'
`$PSStyle.OutputRendering = 'PlainText'
Register-PSResourceRepository -Name PixelCnnTest -Uri '$repository' -Trusted
Install-PSResource PixelCnn -Repository PixelCnnTest -Scope CurrentUser -TrustRepository
Unregister-PSResourceRepository -Name PixelCnnTest
Import-Module PixelCnn
(Get-Module PixelCnn).ModuleBase
`$sample = Get-PixelCnnSample -Count 1 -Seed 1
'pixels ' + `$sample.Pixels.Length
(Import-Mnist -Split Test -First 2 | Measure-PixelCnnLikelihood).BitsPerDim.ToString('F4', [cultureinfo]::InvariantCulture)
"@
        $pwsh = Get-PwshCommand
        $saved = $env:HOME, $env:XDG_DATA_HOME, $env:XDG_CONFIG_HOME, $env:PSModulePath
        try {
            $env:HOME = $home2; $env:XDG_DATA_HOME = Join-Path $home2 '.local/share'; $env:XDG_CONFIG_HOME = Join-Path $home2 '.config'
            $env:PSModulePath = $null
            $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($script))
            $output = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -EncodedCommand $encoded 2>&1 | ForEach-Object { "$_" -replace '\x1b\[[0-9;]*m', '' }
            $LASTEXITCODE | Should -Be 0 -Because ($output | Out-String)
        }
        finally {
            $env:HOME, $env:XDG_DATA_HOME, $env:XDG_CONFIG_HOME, $env:PSModulePath = $saved
        }
        $output[0] | Should -BeLike "$home2*"
        $output | Should -Contain 'pixels 784'
        # The shipped default model's bits/dim of the first two test images, as the module in the repository gives it.
        Import-Module $env:PIXELCNN_TEST_MODULE
        $expected = (Import-Mnist -Split Test -First 2 | Measure-PixelCnnLikelihood -Model (Import-PixelCnn -Name Default)).BitsPerDim.ToString('F4', [cultureinfo]::InvariantCulture)
        $output[-1] | Should -Be $expected
    }

    It 'a module built for another platform stops at import with an error naming both' {
        $foreign = Join-Path $work 'foreign' 'PixelCnn'
        New-Item -ItemType Directory -Path (Split-Path -Parent $foreign) -Force | Out-Null
        Copy-Item -LiteralPath (Join-Path $work $hostRuntime 'PixelCnn') -Destination (Split-Path -Parent $foreign) -Recurse -Force
        $other = if ($hostRuntime -eq 'win-x64') { 'osx-arm64' } else { 'win-x64' }
        @{ RuntimeIdentifier = $other; Backend = 'Cpu' } | ConvertTo-Json | Set-Content -LiteralPath (Join-Path $foreign 'bin' 'PixelCnn.runtime.json')
        $result = Invoke-FreshPwsh "`$PSStyle.OutputRendering = 'PlainText'; try { Import-Module '$(Join-Path $foreign 'PixelCnn.psd1')'; 'imported' } catch { `$_.Exception.Message }"
        $result.Output | Should -Not -Contain 'imported'
        ($result.Output -join ' ') | Should -Match "built for $other and cannot run on this machine \($hostRuntime\)"
        # The package it names is the one the Package task writes, and the commands that install it.
        ($result.Output -join ' ') | Should -Match ([regex]::Escape("-Task Package -Runtime $hostRuntime' writes it to output/package/$hostRuntime"))
        ($result.Output -join ' ') | Should -Match 'Install-PSResource PixelCnn -Repository PixelCnn'
        Test-Path -LiteralPath (Join-Path $work $hostRuntime 'package' $hostRuntime "PixelCnn.$version.nupkg") | Should -BeTrue
    }
}
