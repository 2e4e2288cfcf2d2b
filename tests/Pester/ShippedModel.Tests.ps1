BeforeDiscovery {
    $script:shipped = @(
        @{ Name = 'Default'; File = 'pixelcnn-default'; Architecture = 'PixelCnn'; Conditional = $false }
        @{ Name = 'GatedConditional'; File = 'pixelcnn-gatedconditional'; Architecture = 'Gated'; Conditional = $true }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:PIXELCNN_TEST_MODULE -Force
    $script:models = Join-Path (Split-Path -Parent $env:PIXELCNN_TEST_MODULE) 'module/models'
}

Describe 'The shipped <Name> model' -ForEach $shipped {
    BeforeAll {
        $script:record = Get-Content -Raw (Join-Path $models "$File.json") | ConvertFrom-Json
    }

    It 'ships with a record of how it was trained' {
        foreach ($key in 'Command', 'HiddenDim', 'BatchSize', 'LearningRate', 'EpochsTrained', 'TrainingSeconds', 'Hardware', 'TestBpd', 'TestBpdFirst500', 'ValidationBpd') {
            $record.$key | Should -Not -BeNullOrEmpty -Because "the record needs $key"
        }
        $record.File | Should -Be "$File.safetensors"
        (Get-Item (Join-Path $models $record.File)).Length | Should -BeLessThan 5MB
    }

    It 'loads with Import-PixelCnn -Name and carries its architecture and training metadata' {
        $m = Import-PixelCnn -Name $Name -Device Cpu
        $m.Architecture | Should -Be $Architecture
        $m.Conditional | Should -Be $Conditional
        $m.HiddenDim | Should -Be $record.HiddenDim
        $m.Epoch | Should -Be $record.EpochsTrained
        $m.History | Should -HaveCount $record.EpochsTrained
    }

    It 'scores the first 500 test images within 0.02 bpd of the recorded figure' {
        $m = Import-PixelCnn -Name $Name -Device Cpu
        $bpd = (Import-Mnist -Split Test -First 500 | Measure-PixelCnnLikelihood -Model $m).BitsPerDim
        [math]::Abs($bpd - $record.TestBpdFirst500) | Should -BeLessThan 0.02
    }
}

Describe 'The shipped models in use' {
    It 'the default model is what Get-PixelCnnSample uses when the session has no model, and -Verbose says so' {
        $run = Invoke-FreshPwsh -Script "Import-Module '$env:PIXELCNN_TEST_MODULE'; `$i = Get-PixelCnnSample -Count 1 -Seed 1 -Verbose 4>&1; (`$i | Where-Object { `$_ -is [System.Management.Automation.VerboseRecord] }).Message; (`$i | Where-Object { `$_ -isnot [System.Management.Automation.VerboseRecord] }).Pixels.Count"
        $run.ExitCode | Should -Be 0 -Because ($run.Output -join "`n")
        ($run.Output -join "`n") | Should -Match 'shipped default model'
        $run.Output[-1] | Should -Be '784'
    }

    It 'the conditional model draws the digit it is asked for: each sample is likeliest under its own label' {
        # A Bayes classifier from the model itself: the label under which a drawn image is most likely.
        $m = Import-PixelCnn -Name GatedConditional -Device Cpu
        $images = Get-PixelCnnSample -Model $m -Label 0, 1, 7 -Seed 3
        $images.Label | Should -Be @(0, 1, 7)
        $recognised = foreach ($image in $images) {
            $scores = 0..9 | ForEach-Object { $image.WithLabel($_) } | Measure-PixelCnnLikelihood -Model $m -PerImage
            ($scores | Sort-Object BitsPerDim | Select-Object -First 1).Label -eq $image.Label
        }
        @($recognised | Where-Object { $_ }).Count | Should -BeGreaterOrEqual 2
    }
}
