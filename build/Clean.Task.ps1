# The Clean task of build.ps1, dot-sourced into it: uses its parameters and $root, $output, $moduleOut, $hostRuntime, $testResults.

function Invoke-Clean {
    if (Test-Path -LiteralPath $output) { Remove-Item -LiteralPath $output -Recurse -Force }
    Get-ChildItem -LiteralPath (Join-Path $root 'src'), (Join-Path $root 'tests') -Directory -Recurse -Include 'bin', 'obj' |
        Remove-Item -Recurse -Force
}
