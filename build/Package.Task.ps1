# The Package task of build.ps1, dot-sourced into it: uses its parameters and $root, $output, $moduleOut, $hostRuntime, $testResults.

. (Join-Path $PSScriptRoot 'Build.Task.ps1')

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
