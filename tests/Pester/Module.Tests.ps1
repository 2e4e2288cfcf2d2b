BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:PIXELCNN_TEST_MODULE -Force
    $script:root = Get-RepositoryRoot
}

Describe 'The built module' {
    It 'imports in a fresh pwsh process and computes PyTorch''s logits for the golden weights' {
        # The golden file holds the tutorial's PyTorch weights, two MNIST test images and PyTorch's logits for them.
        $golden = Join-Path $root 'tests' 'data' 'seed-pixelcnn-h16.safetensors'
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$env:PIXELCNN_TEST_MODULE'
`$m = Import-PixelCnn -Path '$golden'
`$file = `$m.GetType().Assembly.GetType('PixelCnn.Checkpoints.SafeTensorsFile')::Read('$golden')
`$logits = `$m.Logits(`$file.GetTensor('input'))
'shape=' + (`$logits.shape -join ',')
'maxdiff=' + `$logits.sub(`$file.GetTensor('logits')).abs().max().item[float]()
"@
        $run = Invoke-FreshPwsh -Script $script
        $run.ExitCode | Should -Be 0 -Because ($run.Output -join "`n")
        $run.Output | Should -Contain 'shape=2,256,1,28,28'
        $line = $run.Output | Where-Object { $_ -like 'maxdiff=*' }
        [double]($line -replace 'maxdiff=') | Should -BeLessThan 1e-4
    }

    It 'imports from the repository root manifest, which is the same manifest the build ships' {
        $built = Get-Content -Raw -LiteralPath $env:PIXELCNN_TEST_MODULE
        $source = Get-Content -Raw -LiteralPath (Join-Path $root 'PixelCnn.psd1')
        $built | Should -BeExactly $source
        $run = Invoke-FreshPwsh -Script "Import-Module '$(Join-Path $root 'PixelCnn.psd1')'; (Get-Command -Module PixelCnn).Count"
        $run.ExitCode | Should -Be 0 -Because ($run.Output -join "`n")
        [int]($run.Output | Select-Object -Last 1) | Should -Be (Import-PowerShellDataFile $env:PIXELCNN_TEST_MODULE).CmdletsToExport.Count
    }

    It 'keeps its cmdlets and help after Import-Module -Force' {
        $script = @"
Import-Module '$env:PIXELCNN_TEST_MODULE' -Force
Import-Module '$env:PIXELCNN_TEST_MODULE' -Force
(Get-Command -Module PixelCnn -CommandType Cmdlet).Count
(Get-Help New-PixelCnn).Synopsis
(New-PixelCnn -HiddenDim 2 -Device Cpu).HiddenDim
"@
        $run = Invoke-FreshPwsh -Script $script
        $run.ExitCode | Should -Be 0 -Because ($run.Output -join "`n")
        [int]$run.Output[0] | Should -Be (Import-PowerShellDataFile $env:PIXELCNN_TEST_MODULE).CmdletsToExport.Count
        $run.Output[1] | Should -Be "Creates a PixelCNN, the tutorial's or the Gated one, with fresh weights or those of a trained model."
        $run.Output[2] | Should -Be '2'
    }

    It 'keeps TorchSharp and ImageSharp in its own load context' {
        # TorchSharp loads when first used (not at Import-Module): use it, so this holds whichever test ran before.
        New-PixelCnn -HiddenDim 2 -Device Cpu | Out-Null
        $default = [System.Runtime.Loader.AssemblyLoadContext]::Default.Assemblies.GetName().Name
        $default | Should -Not -Contain 'TorchSharp'
        $default | Should -Not -Contain 'PixelCnn'
        $context = [System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -EQ 'PixelCnn'
        $context.Assemblies.GetName().Name | Should -Contain 'TorchSharp'
        $context.Assemblies.GetName().Name | Should -Contain 'PixelCnn'
    }

    It 'does not ship System.Management.Automation.dll' {
        Test-Path (Join-Path (Get-ModuleBinFolder) 'System.Management.Automation.dll') | Should -BeFalse
    }

    It 'exports every cmdlet the manifest lists' {
        $listed = (Import-PowerShellDataFile $env:PIXELCNN_TEST_MODULE).CmdletsToExport | Sort-Object
        (Get-Command -Module PixelCnn -CommandType Cmdlet).Name | Sort-Object | Should -Be $listed
    }
}

Describe 'Tab completion' {
    It 'completes <Command> -<Parameter> with <Expected>' -TestCases @(
        @{ Command = 'New-PixelCnn'; Parameter = 'Device'; Expected = @('Auto', 'Cpu', 'Cuda') }
        @{ Command = 'Import-Mnist'; Parameter = 'Split'; Expected = @('Train', 'Test') }
        @{ Command = 'Get-PixelCnnSample'; Parameter = 'Sampler'; Expected = @('Cached', 'Naive') }
        @{ Command = 'Export-Png'; Parameter = 'Map'; Expected = @('Entropy', 'NegativeLogLikelihood', 'Probability') }
    ) {
        $line = "$Command -$Parameter "
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Sort-Object | Should -Be ($Expected | Sort-Object)
    }

    It 'completes checkpoint paths with folders and .safetensors files' {
        $folder = Join-Path $TestDrive 'complete'
        New-Item -ItemType Directory -Path (Join-Path $folder 'runs') -Force | Out-Null
        Set-Content (Join-Path $folder 'model.safetensors') 'x'
        Set-Content (Join-Path $folder 'notes.txt') 'x'
        Push-Location $folder
        try {
            foreach ($line in 'Import-PixelCnn -Path ', 'Save-PixelCnn -Path ', 'Start-PixelCnnTraining -CheckpointPath ') {
                $texts = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
                $texts | Should -Contain 'model.safetensors'
                $texts | Should -Contain ('runs' + [IO.Path]::DirectorySeparatorChar)
                $texts | Should -Not -Contain 'notes.txt'
            }
        }
        finally { Pop-Location }
    }
}

Describe 'Help' {
    It '<Name> has a synopsis, a description, described parameters and at least two examples' -TestCases @(
        (Import-PowerShellDataFile $env:PIXELCNN_TEST_MODULE).CmdletsToExport | ForEach-Object { @{ Name = $_ } }
    ) {
        $help = Get-Help $Name -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match '^\s*\w+-\w+\s*\[' -Because 'an auto-generated syntax line is not a synopsis'
        ($help.description.Text -join ' ') | Should -Not -BeNullOrEmpty
        @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
        foreach ($parameter in (Get-Command $Name).Parameters.Keys | Where-Object { $_ -notin $common }) {
            ((Get-Help $Name -Parameter $parameter).description.Text -join ' ') | Should -Not -BeNullOrEmpty -Because "-$parameter needs a description"
        }
    }

    It 'describes the sampling parameters of Get-PixelCnnSample and Complete-PixelCnnImage once: the same text for both' {
        $sample = Get-Command Get-PixelCnnSample
        $complete = Get-Command Complete-PixelCnnImage
        $shared = @($sample.ImplementingType.BaseType.GetProperties().Where({ $_.DeclaringType.Name -eq 'SamplingCmdlet' }).Name | Sort-Object)
        $shared | Should -Be @('BatchSize', 'Guidance', 'Sampler', 'Seed', 'Temperature', 'UnconditionalModel')
        $complete.ImplementingType.BaseType.Name | Should -Be 'SamplingCmdlet'
        foreach ($parameter in $shared) {
            $text = (Get-Help Get-PixelCnnSample -Parameter $parameter).description.Text -join ' '
            $text | Should -Not -BeNullOrEmpty
            ((Get-Help Complete-PixelCnnImage -Parameter $parameter).description.Text -join ' ') | Should -BeExactly $text -Because "-$parameter is one parameter of both"
        }
    }

    It 'describes New-PixelCnn -Architecture with every architecture the registry holds, as the registry describes it' {
        $text = (Get-Help New-PixelCnn -Parameter Architecture).description.Text -join ' '
        $text | Should -Not -Match '\{Architectures\}'
        $core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'PixelCnn.Core' } | Select-Object -First 1
        $registered = @($core.GetType('PixelCnn.Architectures.ArchitectureRegistry', $true)::All)
        @($registered.Name) | Should -Be @('PixelCnn', 'Gated')
        foreach ($architecture in $registered) {
            $text | Should -BeLike "*$($architecture.Name): $($architecture.Description).*"
        }
    }
}
