BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:PIXELCNN_TEST_MODULE -Force
    $script:models = Join-Path (Split-Path -Parent $env:PIXELCNN_TEST_MODULE) 'module/models'
    $script:record = Get-Content -Raw (Join-Path $models 'pixelcnn-default.json') | ConvertFrom-Json
}

Describe 'The shipped default model' {
    It 'ships with a record of how it was trained' {
        foreach ($key in 'Command', 'HiddenDim', 'BatchSize', 'LearningRate', 'EpochsTrained', 'TrainingSeconds', 'Hardware', 'TestBpd', 'TestBpdFirst500', 'ValidationBpd') {
            $record.$key | Should -Not -BeNullOrEmpty -Because "the record needs $key"
        }
        (Get-Item (Join-Path $models $record.File)).Length | Should -BeLessThan 5MB
    }

    It 'loads with Import-PixelCnn -Name Default and carries its training metadata' {
        $m = Import-PixelCnn -Name Default -Device Cpu
        $m.HiddenDim | Should -Be $record.HiddenDim
        $m.Epoch | Should -Be $record.EpochsTrained
        $m.History | Should -HaveCount $record.EpochsTrained
    }

    It 'scores the first 500 test images within 0.02 bpd of the recorded figure' {
        $m = Import-PixelCnn -Name Default -Device Cpu
        $bpd = (Import-Mnist -Split Test -First 500 | Measure-PixelCnnLikelihood -Model $m).BitsPerDim
        [math]::Abs($bpd - $record.TestBpdFirst500) | Should -BeLessThan 0.02
    }

    It 'is what Get-PixelCnnSample uses when the session has no model, and -Verbose says so' {
        $run = Invoke-FreshPwsh -Script "Import-Module '$env:PIXELCNN_TEST_MODULE'; `$i = Get-PixelCnnSample -Count 1 -Seed 1 -Verbose 4>&1; (`$i | Where-Object { `$_ -is [System.Management.Automation.VerboseRecord] }).Message; (`$i | Where-Object { `$_ -isnot [System.Management.Automation.VerboseRecord] }).Pixels.Count"
        $run.ExitCode | Should -Be 0 -Because ($run.Output -join "`n")
        ($run.Output -join "`n") | Should -Match 'shipped default model'
        $run.Output[-1] | Should -Be '784'
    }
}
