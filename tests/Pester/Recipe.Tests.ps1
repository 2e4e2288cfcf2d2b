BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:PIXELCNN_TEST_MODULE -Force
    $script:train = Import-Mnist -Split Train -First 192
    $script:valid = Import-Mnist -Split Test -First 64
}

Describe 'Start-PixelCnnTraining recipes' {
    It 'anneals a cosine schedule to zero over -ScheduleEpochs and resumes it exactly, weight average included' {
        $path = Join-Path $TestDrive 'cosine.safetensors'
        $straight = New-PixelCnn -Architecture Gated -HiddenDim 4 -Seed 5
        $all = Start-PixelCnnTraining -Model $straight -Data $train -ValidationData $valid -Epochs 3 -BatchSize 64 -Seed 2 -Schedule Cosine -AverageWeights
        $resumed = New-PixelCnn -Architecture Gated -HiddenDim 4 -Seed 5
        $first = Start-PixelCnnTraining -Model $resumed -Data $train -ValidationData $valid -Epochs 1 -BatchSize 64 -Seed 2 -Schedule Cosine -ScheduleEpochs 3 -AverageWeights -CheckpointPath $path
        $loaded = Import-PixelCnn -Path $path
        $loaded.Schedule.Kind | Should -Be 'Cosine'
        $loaded.Schedule.Epochs | Should -Be 3
        $loaded.AverageDecay | Should -Be 0.9995
        $rest = Start-PixelCnnTraining -Model $loaded -Data $train -ValidationData $valid -Epochs 2 -BatchSize 64

        # The learning rate at each epoch's start: 1e-3 * (1 + cos(pi * (e - 1) / 3)) / 2.
        $all.LearningRate | ForEach-Object { [math]::Round($_, 12) } | Should -Be @(1e-3, 7.5e-4, 2.5e-4 | ForEach-Object { [math]::Round($_, 12) })
        $all.Averaged | Should -Be @($true, $true, $true)
        $all[0].TrainedValidationBpd | Should -Not -Be $all[0].ValidationBpd
        @($first) + @($rest) | ForEach-Object { $_.ValidationBpd } | Should -Be $all.ValidationBpd.ForEach({ $_ }) -Because 'a resumed run equals a straight one'
        foreach ($i in 0..2) {
            [math]::Abs((@($first) + @($rest))[$i].TrainedValidationBpd - $all[$i].TrainedValidationBpd) | Should -BeLessThan 1e-6
        }
        { Start-PixelCnnTraining -Model $loaded -Data $train -Epochs 1 -BatchSize 64 -ErrorAction Stop } | Should -Throw -ErrorId 'ScheduleEnded,PixelCnn.Commands.StartPixelCnnTrainingCommand'
    }

    It 'samples and saves with the weight average, and ships it without the trained weights' {
        $m = New-PixelCnn -HiddenDim 4 -Seed 6
        $record = Start-PixelCnnTraining -Model $m -Data $train -ValidationData $valid -Epochs 1 -BatchSize 32 -Seed 1 -AverageWeights -AverageDecay 0.9
        ($valid | Measure-PixelCnnLikelihood -Model $m).BitsPerDim | Should -Be $record.ValidationBpd
        $shipped = Join-Path $TestDrive 'shipped.safetensors'
        Save-PixelCnn -Model $m -Path $shipped -ExcludeOptimizerState | Out-Null
        $reloaded = Import-PixelCnn -Path $shipped
        ($valid | Measure-PixelCnnLikelihood -Model $reloaded).BitsPerDim | Should -Be $record.ValidationBpd
        $reloaded.AverageDecay | Should -BeNullOrEmpty
    }

    It 'imports the trained weights of an averaged run with -TrainedWeights, which score what the run recorded for them' {
        $path = Join-Path $TestDrive 'averaged-run.safetensors'
        $m = New-PixelCnn -HiddenDim 4 -Seed 6
        $record = Start-PixelCnnTraining -Model $m -Data $train -ValidationData $valid -Epochs 1 -BatchSize 32 -Seed 1 -AverageWeights -AverageDecay 0.9 -CheckpointPath $path
        $record.TrainedValidationBpd | Should -Not -Be $record.ValidationBpd

        $averaged = Import-PixelCnn -Path $path
        $trained = Import-PixelCnn -Path $path -TrainedWeights
        $averaged.Weights, $averaged.ValidationBpd | Should -Be 'Averaged', $record.ValidationBpd
        $trained.Weights, $trained.ValidationBpd | Should -Be 'Trained', $record.TrainedValidationBpd
        $trained.AverageDecay | Should -BeNullOrEmpty
        ($valid | Measure-PixelCnnLikelihood -Model $trained).BitsPerDim | Should -Be $record.TrainedValidationBpd
        ($trained | Format-List | Out-String) | Should -Match 'Weights\s+: Trained'

        # Saved and shipped, they stay the trained weights.
        $shipped = Join-Path $TestDrive 'trained-shipped.safetensors'
        Save-PixelCnn -Model $trained -Path $shipped -ExcludeOptimizerState | Out-Null
        $reloaded = Import-PixelCnn -Path $shipped
        $reloaded.Weights, $reloaded.ValidationBpd | Should -Be 'Trained', $record.TrainedValidationBpd
        ($valid | Measure-PixelCnnLikelihood -Model $reloaded).BitsPerDim | Should -Be $record.TrainedValidationBpd
    }

    It 'refuses -TrainedWeights for a file that keeps only the average, and beside -Name' {
        $m = New-PixelCnn -HiddenDim 4 -Seed 6
        Start-PixelCnnTraining -Model $m -Data $train -Epochs 1 -BatchSize 64 -Seed 1 -AverageWeights | Out-Null
        $shipped = Join-Path $TestDrive 'average-only.safetensors'
        Save-PixelCnn -Model $m -Path $shipped -ExcludeOptimizerState | Out-Null
        { Import-PixelCnn -Path $shipped -TrainedWeights -ErrorAction Stop } | Should -Throw -ErrorId 'TrainedWeightsNotKept,PixelCnn.Commands.ImportPixelCnnCommand'
        { Import-PixelCnn -Name Default -TrainedWeights -ErrorAction Stop } | Should -Throw -ErrorId 'AmbiguousParameterSet,PixelCnn.Commands.ImportPixelCnnCommand'
    }

    It 'clips the gradients'' norm with -GradientClipNorm, records the norms per epoch and keeps the clip in the checkpoint' {
        $plain = Start-PixelCnnTraining -Model (New-PixelCnn -Architecture Gated -HiddenDim 4 -Seed 5) -Data $train -Epochs 1 -BatchSize 32 -Seed 1
        $plain.MeanGradientNorm | Should -BeGreaterThan 0
        $plain.MaxGradientNorm | Should -BeGreaterThan $plain.MeanGradientNorm
        $plain.GradientClipNorm | Should -BeNullOrEmpty
        $plain.ClippedBatches | Should -Be 0

        # Above every batch's norm clipping changes nothing, bit for bit.
        $loose = Start-PixelCnnTraining -Model (New-PixelCnn -Architecture Gated -HiddenDim 4 -Seed 5) -Data $train -Epochs 1 -BatchSize 32 -Seed 1 -GradientClipNorm (2 * $plain.MaxGradientNorm)
        $loose.TrainBpd, $loose.ClippedBatches | Should -Be $plain.TrainBpd, 0

        # Below the first batch's norm it clips, and a resumed run goes on clipping.
        $path = Join-Path $TestDrive 'clipped.safetensors'
        $m = New-PixelCnn -Architecture Gated -HiddenDim 4 -Seed 5
        $clip = [math]::Round($plain.MeanGradientNorm / 4, 3)
        $verbose = Start-PixelCnnTraining -Model $m -Data $train -Epochs 1 -BatchSize 32 -Seed 1 -GradientClipNorm $clip -CheckpointPath $path -Verbose 4>&1
        $tight = $verbose | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
        "$($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })" | Should -Match "gradients clipped to norm $([regex]::Escape("$clip"))"
        $tight.ClippedBatches | Should -BeGreaterThan 0
        $tight.TrainBpd | Should -Not -Be $plain.TrainBpd
        $loaded = Import-PixelCnn -Path $path
        $loaded.GradientClipNorm | Should -Be $clip
        (Start-PixelCnnTraining -Model $loaded -Data $train -Epochs 1 -BatchSize 32).GradientClipNorm | Should -Be $clip
        (Start-PixelCnnTraining -Model $loaded -Data $train -Epochs 1 -BatchSize 32 -GradientClipNorm 0).GradientClipNorm | Should -BeNullOrEmpty
        $loaded.GradientClipNorm | Should -BeNullOrEmpty
        { Start-PixelCnnTraining -Model $loaded -Data $train -Epochs 1 -GradientClipNorm -1 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PixelCnn.Commands.StartPixelCnnTrainingCommand'
    }

    It 'runs with the thread count asked for and restores libtorch''s own afterwards' {
        $m = New-PixelCnn -HiddenDim 2 -Seed 7
        $info = $m.GetType().Assembly.GetType('PixelCnn.Diagnostics.RuntimeInfo')
        $before = $info::Threads
        (Start-PixelCnnTraining -Model $m -Data $train -Epochs 1 -BatchSize 64 -ThreadCount 1).Threads | Should -Be 1
        $info::Threads | Should -Be $before
    }

    It 'says which precision it uses and why with -Verbose' {
        $m = New-PixelCnn -HiddenDim 2 -Seed 8
        $verbose = Start-PixelCnnTraining -Model $m -Data $train -Epochs 1 -BatchSize 64 -Precision Auto -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        "$verbose" | Should -Match 'Precision (Float32|BFloat16) \(Auto: '
    }

    It 'sets OpenMP''s passive wait policy before libtorch loads, unless the user set one' {
        $module = $env:PIXELCNN_TEST_MODULE
        $script = "Import-Module '$module'; `$m = New-PixelCnn -HiddenDim 1; `$m.GetType().Assembly.GetType('PixelCnn.Diagnostics.RuntimeInfo')::WaitPolicy; `"child: `$env:OMP_WAIT_POLICY`""
        $saved = $env:OMP_WAIT_POLICY, $env:GOMP_SPINCOUNT
        try {
            Remove-Item Env:OMP_WAIT_POLICY, Env:GOMP_SPINCOUNT -ErrorAction SilentlyContinue
            $default = (Invoke-FreshPwsh $script).Output
            $env:OMP_WAIT_POLICY = 'ACTIVE'
            $user = (Invoke-FreshPwsh $script).Output
        }
        finally {
            $env:OMP_WAIT_POLICY, $env:GOMP_SPINCOUNT = $saved
        }
        # On Unix only libtorch sees the policy (the C library's environment); .NET's, which child processes inherit,
        # does not. Windows has one environment per process, which libtorch reads and child processes inherit.
        $child = if ($IsWindows) { 'child: PASSIVE' } else { 'child: ' }
        $default | Select-Object -Last 2 | Should -Be @('PASSIVE, spin count 30000', $child) -Because 'libtorch sees the policy'
        $user | Select-Object -Last 2 | Should -Be @('ACTIVE', 'child: ACTIVE')
    }
}
