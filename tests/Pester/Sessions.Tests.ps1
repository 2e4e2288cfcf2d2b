BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:PIXELCNN_TEST_MODULE -Force
}

Describe 'Several models, runspaces and long runs' {
    It 'keeps several models in one session apart' {
        $a = New-PixelCnn -HiddenDim 2 -Device $TestDevice -Seed 1
        $b = New-PixelCnn -HiddenDim 3 -Device $TestDevice -Seed 2
        $data = Import-Mnist -First 64
        Start-PixelCnnTraining -Model $a -Data $data -Epochs 1 -BatchSize 32 | Out-Null
        $a.Epoch | Should -Be 1
        $b.Epoch | Should -Be 0
        (Get-PixelCnnSample -Count 1 -Seed 1 -Model $a).Pixels -join ',' | Should -Not -Be ((Get-PixelCnnSample -Count 1 -Seed 1 -Model $b).Pixels -join ',')
    }

    It 'gives each ForEach-Object -Parallel runspace its own current model' {
        $results = 2, 3, 4 | ForEach-Object -ThrottleLimit 3 -Parallel {
            Import-Module $using:env:PIXELCNN_TEST_MODULE
            $m = New-PixelCnn -HiddenDim $_ -Device $using:TestDevice -Seed $_
            Start-PixelCnnTraining -Data (Import-Mnist -First 32) -Epochs 1 -BatchSize 16 | Out-Null
            $image = Get-PixelCnnSample -Count 1 -Seed 5
            [pscustomobject]@{ Hidden = $_; Trained = $m.Epoch; CurrentHidden = (Save-PixelCnn -Path (Join-Path ([IO.Path]::GetTempPath()) "pcnn-par-$_-$([guid]::NewGuid()).safetensors") | ForEach-Object { $p = $_.FullName; (Import-PixelCnn -Path $p).HiddenDim; Remove-Item $p }); Pixels = $image.Pixels.Count }
        }
        $results | Should -HaveCount 3
        foreach ($r in $results) {
            $r.Trained | Should -Be 1
            $r.CurrentHidden | Should -Be $r.Hidden -Because 'each runspace trains and saves its own current model'
            $r.Pixels | Should -Be 784
        }
    }

    It 'leaves no live native tensor behind after training, sampling, distributions, completion and likelihoods' {
        # TorchSharp counts the tensors each thread made and disposed. A tensor left to the finalizer is disposed on the
        # finalizer thread, so this thread's count keeps it however many collections run meanwhile (the process-wide
        # count would lose it to a collection: one is forced between the rounds to show that it does not matter here).
        $torchSharp = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'TorchSharp' } | Select-Object -First 1
        $manager = $torchSharp.GetType('TorchSharp.DisposeScopeManager')
        $m = New-PixelCnn -Architecture Gated -HiddenDim 4 -Device $TestDevice -Seed 3
        $data = Import-Mnist -First 128
        $work = {
            Start-PixelCnnTraining -Model $m -Data $data -ValidationData $data -Epochs 1 -BatchSize 32 -AverageWeights -Schedule Cosine -ScheduleEpochs 100 | Out-Null
            Get-PixelCnnSample -Model $m -Count 3 -BatchSize 2 -Seed 1 | Out-Null
            Get-PixelCnnSample -Model $m -Count 1 -Seed 1 -Sampler Naive | Out-Null
            $data | Select-Object -First 2 | Get-PixelCnnDistribution -Model $m | Out-Null
            $data | Select-Object -First 2 | Complete-PixelCnnImage -Model $m -Rows 20 -Count 2 -Seed 1 | Out-Null
            $data | Measure-PixelCnnLikelihood -Model $m -PerImage -BatchSize 50 | Out-Null
        }
        & $work    # the first round makes what lives as long as the model: Adam's state, the weight average
        $before = $manager::Statistics.ThreadTotalLiveCount
        & $work
        [GC]::Collect(); [GC]::WaitForPendingFinalizers()
        & $work
        $manager::Statistics.ThreadTotalLiveCount - $before | Should -Be 0 -Because 'every tensor the rounds made on this thread was disposed on it'
    }

    It 'disposes the shipped model it loaded itself once another model replaces it and no pipeline uses it; never the user''s models' {
        $script = @'
Import-Module $env:PIXELCNN_TEST_MODULE
$current = ([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'PixelCnn' } | Select-Object -First 1).GetType('PixelCnn.Commands.CurrentModel')
$n = 0
$during = @()
$images = Get-PixelCnnSample -Count 3 -BatchSize 1 -Seed 1 | ForEach-Object {
    if ($n -eq 0) { $script:shipped = $current::Get(); $script:mine = New-PixelCnn -HiddenDim 2 -Device Cpu }
    $during += $script:shipped.IsDisposed
    $n++
    $_
}
"images $($images.Count)"
"during $($during -join ',')"
"after $($shipped.IsDisposed)"
$other = New-PixelCnn -HiddenDim 3 -Device Cpu
"mine $($mine.IsDisposed)"
'@
        $run = Invoke-FreshPwsh -Script $script
        $run.Output | Should -Be @('images 3', 'during False,False,False', 'after True', 'mine False')
    }
}
