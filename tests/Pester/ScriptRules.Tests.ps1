BeforeDiscovery {
    # PSScriptAnalyzer is not served here; these are its default rules that an AST walk can check exactly.
    $script:root = (Resolve-Path (Join-Path $PSScriptRoot '..' '..')).ProviderPath
    # Never into output/ (the Windows stage's Wine prefix there links drive Z: to the file system's root) or .git.
    $top = Get-ChildItem -LiteralPath $root -Directory -Force | Where-Object Name -NotIn 'output', '.git'
    $script:files = @(Get-ChildItem -LiteralPath $root -File | Where-Object Extension -In '.ps1', '.psm1') +
        @($top | ForEach-Object { Get-ChildItem -LiteralPath $_.FullName -Recurse -Include '*.ps1', '*.psm1' -File }) |
        Where-Object { $_.FullName -notmatch '[\\/](output|bin|obj|\.git)[\\/]' } |
        ForEach-Object { @{ File = [IO.Path]::GetRelativePath($root, $_.FullName); Path = $_.FullName } }
}

BeforeAll {
    $script:root = (Resolve-Path (Join-Path $PSScriptRoot '..' '..')).ProviderPath
    $script:aliases = @{}
    Get-Alias | ForEach-Object { $aliases[$_.Name] = $_.Definition }
    $script:approved = (Get-Verb).Verb
    $script:stateChanging = 'New', 'Set', 'Remove', 'Start', 'Stop', 'Restart', 'Reset', 'Update'
    function Get-Ast([string]$Path) {
        $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref]$null, [ref]$errors)
        $errors | Should -BeNullOrEmpty -Because "$Path must parse"
        $ast
    }
    function Find-Node($Ast, [type]$Type) { $Ast.FindAll({ param($n) $n -is $Type }.GetNewClosure(), $true) }
}

Describe 'PowerShell files keep to the PSScriptAnalyzer default rules an AST walk can check' {
    It '<File>: no aliases, no Write-Host, no Invoke-Expression' -TestCases $files {
        $bad = foreach ($command in Find-Node (Get-Ast $Path) ([System.Management.Automation.Language.CommandAst])) {
            $name = $command.GetCommandName()
            if ($name -and ($aliases.ContainsKey($name) -or $name -in 'Write-Host', 'Invoke-Expression')) { "line $($command.Extent.StartLineNumber): $name" }
        }
        $bad | Should -BeNullOrEmpty
    }

    It '<File>: functions use approved verbs and singular nouns; state-changing ones support ShouldProcess' -TestCases $files {
        $bad = foreach ($function in Find-Node (Get-Ast $Path) ([System.Management.Automation.Language.FunctionDefinitionAst])) {
            $verb, $noun = $function.Name -split '-', 2
            if ($verb -notin $approved) { "$($function.Name): unapproved verb" }
            if ($noun -cmatch '[a-z]s$' -and $noun -notmatch '(ss|us|is)$') { "$($function.Name): plural noun" }
            if ($verb -in $stateChanging) {
                $binding = $function.Body.ParamBlock.Attributes | Where-Object { $_.TypeName.Name -eq 'CmdletBinding' }
                if (-not ($binding.NamedArguments | Where-Object ArgumentName -EQ 'SupportsShouldProcess')) { "$($function.Name): changes state without SupportsShouldProcess" }
            }
        }
        $bad | Should -BeNullOrEmpty
    }

    It '<File>: $null on the left of comparisons, no global variables, no empty catch blocks' -TestCases $files {
        $ast = Get-Ast $Path
        $bad = @(
            foreach ($b in Find-Node $ast ([System.Management.Automation.Language.BinaryExpressionAst])) {
                if ($b.Right.Extent.Text -eq '$null' -and $b.Operator -match '^(I|C)?(Eq|Ne)$') { "line $($b.Extent.StartLineNumber): $($b.Extent.Text)" }
            }
            foreach ($v in Find-Node $ast ([System.Management.Automation.Language.VariableExpressionAst])) {
                if ($v.VariablePath.UserPath -like 'global:*') { "line $($v.Extent.StartLineNumber): $($v.Extent.Text)" }
            }
            foreach ($c in Find-Node $ast ([System.Management.Automation.Language.CatchClauseAst])) {
                if ($c.Body.Statements.Count -eq 0) { "line $($c.Extent.StartLineNumber): empty catch" }
            }
        )
        $bad | Should -BeNullOrEmpty
    }
}

Describe 'Help has one home: module/help' {
    It '<Name>: no cmdlet parameter and no synopsis is written a second time in C#' -TestCases @(
        Get-ChildItem -LiteralPath (Join-Path $root 'src/PixelCnn/Commands') -Filter *.cs |
            ForEach-Object { @{ Name = $_.Name; Path = $_.FullName } }
    ) {
        $lines = @(Get-Content -LiteralPath $Path)
        $bad = for ($i = 0; $i -lt $lines.Count; $i++) {
            if ($lines[$i] -match 'para type="synopsis"') { "line $($i + 1): a synopsis (module/help has it)" }
            if ($lines[$i].Trim().StartsWith('[Parameter')) {
                $j = $i - 1
                while ($j -ge 0 -and $lines[$j].Trim().StartsWith('[')) { $j-- }
                if ($j -ge 0 -and $lines[$j].Trim().StartsWith('///')) { "line $($i + 1): a parameter described in C# (module/help describes it)" }
            }
        }
        $bad | Should -BeNullOrEmpty
    }

    It 'every cmdlet''s help file describes exactly the parameters the cmdlet has' -TestCases @(
        (Import-PowerShellDataFile (Join-Path $root 'PixelCnn.psd1')).CmdletsToExport | ForEach-Object { @{ Name = $_ } }
    ) {
        Import-Module $env:PIXELCNN_TEST_MODULE
        $help = Import-PowerShellDataFile (Join-Path $root "module/help/$Name.psd1")
        $shared = Import-PowerShellDataFile (Join-Path $root 'module/help/SamplingCmdlet.psd1')
        $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
        $parameters = @((Get-Command $Name).Parameters.Keys | Where-Object { $_ -notin $common } | Sort-Object)
        $described = @(@($help.Parameters.Keys) + $(if ((Get-Command $Name).ImplementingType.BaseType.Name -eq 'SamplingCmdlet') { @($shared.Parameters.Keys) }) | Sort-Object -Unique)
        $described | Should -Be $parameters
    }
}

Describe 'C# layout' {
    # Lines, files and methods are measured by tests/PixelCnn.Tests/SourceLimitsTests.cs; this keeps the layout the
    # formatter gives within them, so a change laid out by hand cannot drift from it.
    It 'every C# file is as CSharpier lays it out (dotnet csharpier format src tests)' {
        Push-Location $root
        try { $output = & dotnet csharpier check src tests 2>&1 | ForEach-Object { "$_" } }
        finally { Pop-Location }
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
    }
}
