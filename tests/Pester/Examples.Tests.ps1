BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:PIXELCNN_TEST_MODULE -Force
    $script:root = Get-RepositoryRoot
}

Describe 'examples/Train-ShippedModel.ps1 -Publish' {
    BeforeAll {
        # A copy of the repository's layout in the test drive, so publishing writes there and not into module/models.
        $script:copy = Join-Path $TestDrive 'repo'
        New-Item -ItemType Directory -Path (Join-Path $copy 'examples/runs/gated') -Force | Out-Null
        Copy-Item (Join-Path $root 'examples/Train-ShippedModel.ps1') (Join-Path $copy 'examples')
        Copy-Item (Join-Path $root 'PixelCnn.psd1') $copy
        $script:run = Join-Path $copy 'examples/runs/gated'
        $m = New-PixelCnn -Architecture Gated -HiddenDim 2 -Seed 1 -Device Cpu
        $train = Import-Mnist -Split Train -First 128
        $validation = Import-Mnist -Split Train -Skip 55000 -First 32
        $script:records = @(Start-PixelCnnTraining -Model $m -Data $train -ValidationData $validation -Epochs 2 -BatchSize 64 -Seed 3 `
                -Schedule Cosine -ScheduleEpochs 4 -AverageWeights -ThreadCount 1 -CheckpointPath (Join-Path $run 'last.safetensors'))
        $script:publish = Invoke-FreshPwsh -Script "& '$copy/examples/Train-ShippedModel.ps1' -Architecture Gated -Epochs 0 -Publish -TestImages 500 -ModulePath '$env:PIXELCNN_TEST_MODULE'"
        $script:record = Get-Content -Raw (Join-Path $copy 'module/models/gated.json') | ConvertFrom-Json
        $script:shipped = Import-PixelCnn -Path (Join-Path $copy 'module/models/gated.safetensors') -Device Cpu
        # Four steps into the run the average (decay warming up from 0.1) still lags behind the trained weights.
        $script:useTrained = $records[-1].TrainedValidationBpd -lt $records[-1].ValidationBpd
    }

    It 'ships the run''s last checkpoint (no best.safetensors here) without optimizer state, under the model''s stem' {
        $publish.ExitCode | Should -Be 0 -Because ($publish.Output -join "`n")
        $shipped.Epoch | Should -Be 2
        # The shipped tensors are whichever of the run's weights validated better at that epoch (here the trained ones),
        # without the other set; the run's checkpoint keeps both.
        $useTrained | Should -BeTrue -Because 'this run is set up so that the trained weights win'
        $shipped.AverageDecay | Should -BeNullOrEmpty
        $shipped.Weights | Should -Be 'Trained'
        $images = Import-Mnist -Split Test -First 16
        (Import-PixelCnn -Path (Join-Path $run 'last.safetensors') -Device Cpu).AverageDecay | Should -Be 0.9995
        $checkpoint = Import-PixelCnn -Path (Join-Path $run 'last.safetensors') -Device Cpu -TrainedWeights
        ($images | Measure-PixelCnnLikelihood -Model $shipped).BitsPerDim | Should -Be ($images | Measure-PixelCnnLikelihood -Model $checkpoint).BitsPerDim
        $publish.Output -join "`n" | Should -Match 'the trained weights validated better than the average'
        $header = [IO.File]::ReadAllBytes($shipped.Source)
        $json = [Text.Encoding]::UTF8.GetString($header, 8, [BitConverter]::ToUInt64($header, 0))
        $json | Should -Not -Match 'pixelcnn\.optimizer|pixelcnn\.trained_weights'
        Test-Path (Join-Path $copy 'examples/images/gated-samples.png') | Should -BeTrue
    }

    It 'records what the catalogue and the tests read, with the test figure measured on the test images asked for' {
        $record.Name | Should -Be 'Gated'
        $record.File | Should -Be 'gated.safetensors'
        $record.Conditional | Should -BeFalse
        # -TestImages 500 (the default, all 10,000, is what the shipped records show: ShippedModel.Tests.ps1).
        $record.TestImages | Should -Be 500
        $record.TestBpd | Should -Be ([math]::Round((Import-Mnist -Split Test -First 500 | Measure-PixelCnnLikelihood -Model $shipped).BitsPerDim, 4))
        $record.TestBpdFirst500 | Should -Be ([math]::Round((Import-Mnist -Split Test -First 500 | Measure-PixelCnnLikelihood -Model $shipped).BitsPerDim, 4))
        $record.ValidationBpd | Should -Be ([math]::Round($records[-1].TrainedValidationBpd, 4))
        $record.Weights | Should -Be 'Trained'
        $record.AverageDecay | Should -Be 0.9995
        $record.Schedule | Should -Be 'cosine from 0.001 to 0 over 4 epochs'
        $record.Command | Should -BeLike '*-Architecture Gated -Schedule Cosine -ScheduleEpochs 4 -AverageWeights*'
    }

    It 'refuses a -Schedule or -Precision that Start-PixelCnnTraining does not know, naming its values, before the run changes' {
        $before = (Get-FileHash (Join-Path $run 'last.safetensors')).Hash
        $wrong = Invoke-FreshPwsh -Script "& '$copy/examples/Train-ShippedModel.ps1' -Architecture Gated -Epochs 1 -Precision Half -ModulePath '$env:PIXELCNN_TEST_MODULE'"
        $wrong.ExitCode | Should -Not -Be 0
        $wrong.Output -join "`n" | Should -Match "-Precision 'Half' is not one of: Auto, Float32, BFloat16\."
        $wrong.Output -join "`n" | Should -Not -Match 'Resuming from'
        $wrong = Invoke-FreshPwsh -Script "& '$copy/examples/Train-ShippedModel.ps1' -Architecture Gated -Epochs 1 -Schedule Linear -ModulePath '$env:PIXELCNN_TEST_MODULE'"
        $wrong.ExitCode | Should -Not -Be 0
        $wrong.Output -join "`n" | Should -Match "-Schedule 'Linear' is not one of: Exponential, Cosine\."
        (Get-FileHash (Join-Path $run 'last.safetensors')).Hash | Should -Be $before
    }

    It 'keeps per epoch the threads, precision and hardware it trained with' {
        $record.History | Should -HaveCount 2
        $record.History.Threads | Should -Be @(1, 1)
        $record.History.Precision | Should -Be @('Float32', 'Float32')
        $record.History.MaxBatchBpd | Should -Be @($records | ForEach-Object { [math]::Round($_.MaxBatchBpd, 4) })
        $record.History[0].Hardware | Should -Be $records[0].Hardware
        $record.History[0].Hardware | Should -Match 'logical processors, bfloat16 flags: '
        $record.Hardware | Should -Be "$($records[0].Hardware) (epochs 1, 2); Cpu backend"
    }
}
