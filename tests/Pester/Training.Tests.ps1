BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:PIXELCNN_TEST_MODULE -Force
    $script:train = Import-Mnist -Split Train -First 256
    $script:valid = Import-Mnist -Split Test -First 128
}

Describe 'Start-PixelCnnTraining' {
    It 'lowers bits per dimension over a few epochs on real MNIST images, and streams one record per epoch' {
        $m = New-PixelCnn -HiddenDim 8 -Device $TestDevice -Seed 1
        $untrained = ($train | Measure-PixelCnnLikelihood -Model $m).BitsPerDim
        $seen = [System.Collections.Generic.List[string]]::new()
        $records = Start-PixelCnnTraining -Model $m -Data $train -ValidationData $valid -Epochs 3 -BatchSize 32 -Seed 1 |
            ForEach-Object { $seen.Add("$($_.Epoch):$($m.Epoch)"); $_ }
        $records | Should -HaveCount 3
        $records.Epoch | Should -Be @(1, 2, 3)
        $seen | Should -Be @('1:1', '2:2', '3:3') -Because 'each record arrives as its epoch finishes, not at the end'
        $records[2].TrainBpd | Should -BeLessThan $records[0].TrainBpd
        $records[2].ValidationBpd | Should -BeLessThan $records[0].ValidationBpd
        # Measured on an Intel Xeon: untrained 8.944, epochs 1-3 train 8.197, 7.883, 7.636 bpd.
        $records[0].TrainBpd | Should -BeLessThan $untrained -Because 'the first epoch already learns (the untrained model scores these images at about 8.9)'
        $records[2].TrainBpd | Should -BeLessThan 8 -Because 'after three epochs it beats a uniform distribution over the 256 values (8 bits)'
        $records[0].LearningRate | Should -Be 1e-3
        [math]::Round($records[2].LearningRate, 12) | Should -Be ([math]::Round(1e-3 * 0.99 * 0.99, 12))
        # Images per second of training: the epoch's images over its training time, a part of the epoch's seconds.
        $records[0].ImagesPerSecond | Should -BeGreaterOrEqual ($records[0].Images / $records[0].Seconds)
        $records[0].ImagesPerSecond | Should -BeLessThan (2 * $records[0].Images / $records[0].Seconds) -Because 'validation takes less than the training'
        $records[0].Images | Should -Be 256
        $m.Epoch | Should -Be 3
        $m.History | Should -HaveCount 3
        $m.Mode | Should -Be 'Evaluation'
    }

    It 'trains a model made with New-PixelCnn -Seed the same way every time: the data order comes from the model''s seed' {
        $first = New-PixelCnn -HiddenDim 4 -Device $TestDevice -Seed 42 | Start-PixelCnnTraining -Data $train -Epochs 1 -BatchSize 64
        $second = New-PixelCnn -HiddenDim 4 -Device $TestDevice -Seed 42 | Start-PixelCnnTraining -Data $train -Epochs 1 -BatchSize 64
        $first.DataOrderSeed | Should -Be 42
        $second.TrainBpd | Should -Be $first.TrainBpd
        $other = New-PixelCnn -HiddenDim 4 -Device $TestDevice -Seed 42 | Start-PixelCnnTraining -Data $train -Epochs 1 -BatchSize 64 -Seed 7
        $other.DataOrderSeed | Should -Be 7
        $other.TrainBpd | Should -Not -Be $first.TrainBpd -Because 'another data order (the same weights) trains to another loss'
    }

    It 'reports validation bpd equal to Measure-PixelCnnLikelihood on the same data' {
        $m = New-PixelCnn -HiddenDim 4 -Device $TestDevice -Seed 2
        $record = Start-PixelCnnTraining -Model $m -Data $train -ValidationData $valid -Epochs 1 -BatchSize 64 -Seed 2
        $measured = $valid | Measure-PixelCnnLikelihood -Model $m
        $record.ValidationBpd | Should -BeGreaterThan 0
        [math]::Abs($record.ValidationBpd - $measured.BitsPerDim) | Should -BeLessThan 1e-6
    }

    It 'trains the session''s current model when no -Model is given, and -PassThru returns it' {
        $m = New-PixelCnn -HiddenDim 4 -Device $TestDevice -Seed 3
        $out = Start-PixelCnnTraining -Data $train -Epochs 1 -BatchSize 128 -PassThru
        $out[-1] | Should -Be $m
        $m.Epoch | Should -Be 1
    }

    It 'tells with -Verbose what data and device it uses' {
        $m = New-PixelCnn -HiddenDim 4 -Device $TestDevice
        $verbose = Start-PixelCnnTraining -Model $m -Data $train -Epochs 1 -BatchSize 128 -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | Out-String
        $verbose | Should -Match 'MNIST Train: 256 images'
        $verbose | Should -Match "device $([regex]::Escape($TestDevice))"
    }

    It 'resumes from a checkpoint exactly where an uninterrupted run would be' {
        $straight = New-PixelCnn -HiddenDim 4 -Device $TestDevice -Seed 4
        Start-PixelCnnTraining -Model $straight -Data $train -Epochs 2 -BatchSize 64 -Seed 9 | Out-Null

        $first = New-PixelCnn -HiddenDim 4 -Device $TestDevice -Seed 4
        $checkpoint = Join-Path $TestDrive 'resume.safetensors'
        Start-PixelCnnTraining -Model $first -Data $train -Epochs 1 -BatchSize 64 -Seed 9 -CheckpointPath $checkpoint | Out-Null
        $resumed = Import-PixelCnn -Path $checkpoint -Device $TestDevice
        $resumed.Epoch | Should -Be 1
        $record = Start-PixelCnnTraining -Model $resumed -Data $train -Epochs 1 -BatchSize 64
        $record.Epoch | Should -Be 2
        [math]::Round($record.LearningRate, 12) | Should -Be ([math]::Round(1e-3 * 0.99, 12))
        $resumed.History | Should -HaveCount 2

        $a = $valid | Measure-PixelCnnLikelihood -Model $straight
        $b = $valid | Measure-PixelCnnLikelihood -Model $resumed
        [math]::Abs($a.BitsPerDim - $b.BitsPerDim) | Should -BeLessThan 1e-6 -Because 'weights, Adam state, schedule and data order all continue'
    }

    It 'stops at a batch boundary on Ctrl+C (StopProcessing), keeping the model usable and the checkpoint whole' {
        $m = New-PixelCnn -HiddenDim 4 -Device $TestDevice -Seed 5
        $checkpoint = Join-Path $TestDrive 'stopped.safetensors'
        $ps = [powershell]::Create()
        [void]$ps.AddScript('param($module, $model, $data, $path) Import-Module $module; Start-PixelCnnTraining -Model $model -Data $data -Epochs 1000 -BatchSize 32 -CheckpointPath $path')
        [void]$ps.AddArgument($env:PIXELCNN_TEST_MODULE).AddArgument($m).AddArgument($train).AddArgument($checkpoint)
        $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $async = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
        $deadline = [DateTime]::UtcNow.AddSeconds(600)   # two epochs of 256 images take seconds; the limit only ends a hung run
        # Waits for two epoch records, or until the run has ended on its own (a failed run fails here at once, with its error).
        while ($output.Count -lt 2 -and -not $async.IsCompleted -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        # (Indexed, not enumerated: enumerating an open PSDataCollection blocks until the run ends.)
        $errors = for ($i = 0; $i -lt $ps.Streams.Error.Count; $i++) { $ps.Streams.Error[$i] }
        $output.Count | Should -BeGreaterOrEqual 2 -Because "the run should still be training; its errors: $($errors -join '; ')"
        $ps.Stop()
        $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        $ps.Dispose()

        $m.Epoch | Should -BeGreaterOrEqual 2
        $m.Epoch | Should -BeLessThan 1000
        $m.Mode | Should -Be 'Evaluation'
        $saved = Import-PixelCnn -Path $checkpoint -Device $TestDevice
        $saved.Epoch | Should -BeGreaterOrEqual 2
        $saved.Epoch | Should -BeLessOrEqual $m.Epoch
        @(Get-ChildItem $TestDrive -Filter '.*.tmp' -Force).Count | Should -Be 0
        ($valid | Select-Object -First 4 | Measure-PixelCnnLikelihood -Model $m).BitsPerDim | Should -BeGreaterThan 0
    }

    It 'stops with a clear error on a non-finite loss and keeps the last good checkpoint' {
        $m = New-PixelCnn -HiddenDim 4 -Device $TestDevice -Seed 6
        $good = Join-Path $TestDrive 'good.safetensors'
        Save-PixelCnn -Model $m -Path $good | Out-Null
        # Break the model: a NaN in the last convolution's bias makes every loss NaN.
        $bytes = [System.IO.File]::ReadAllBytes($good)
        $length = [BitConverter]::ToUInt64($bytes, 0)
        $header = [Text.Encoding]::UTF8.GetString($bytes, 8, $length) | ConvertFrom-Json
        [BitConverter]::GetBytes([float]::NaN).CopyTo($bytes, 8 + $length + $header.'layers.13.bias'.data_offsets[0])
        $broken = Join-Path $TestDrive 'broken.safetensors'
        [System.IO.File]::WriteAllBytes($broken, $bytes)
        $nan = Import-PixelCnn -Path $broken -Device $TestDevice
        $before = (Get-FileHash $good).Hash

        $err = { Start-PixelCnnTraining -Model $nan -Data $train -Epochs 1 -BatchSize 64 -CheckpointPath $good } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'NonFiniteLoss,PixelCnn.Commands.StartPixelCnnTrainingCommand'
        $err.Exception.Message | Should -Match 'NaN'
        (Get-FileHash $good).Hash | Should -Be $before
        $nan.Epoch | Should -Be 0
    }

    It 'says what to run when there is no model at all' {
        # (Get-PixelCnnSample falls back to the shipped model; the scoring cmdlets need a model of the session.)
        $run = Invoke-FreshPwsh -Script "Import-Module '$env:PIXELCNN_TEST_MODULE'; try { Import-Mnist -Split Test -First 1 | Measure-PixelCnnLikelihood } catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message }"
        $run.Output[0] | Should -Be 'NoModel,PixelCnn.Commands.MeasurePixelCnnLikelihoodCommand'
        $run.Output[1] | Should -Match 'New-PixelCnn'
        $run.Output[1] | Should -Match 'Import-PixelCnn'
    }

    It 'rejects invalid parameters' {
        { Start-PixelCnnTraining -Epochs 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PixelCnn.Commands.StartPixelCnnTrainingCommand'
        { Start-PixelCnnTraining -BatchSize 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PixelCnn.Commands.StartPixelCnnTrainingCommand'
        { Start-PixelCnnTraining -LearningRate -1 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PixelCnn.Commands.StartPixelCnnTrainingCommand'
    }
}
