BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:PIXELCNN_TEST_MODULE
    $script:root = Get-RepositoryRoot
    $script:work = Join-Path ([System.IO.Path]::GetTempPath()) "pixelcnn-torchrun-$PID"
    New-Item -ItemType Directory -Path $work -Force | Out-Null

    # PyTorch: Debian's python3-torch (.ci/run installs it where it can), or PIXELCNN_PYTHON.
    $script:python = @($env:PIXELCNN_PYTHON, '/usr/bin/python3', 'python3') | Where-Object { $_ } |
        Where-Object { Get-Command $_ -ErrorAction Ignore } | Where-Object { & $_ -c 'import torch' 2>$null; $LASTEXITCODE -eq 0 } | Select-Object -First 1
    $script:noTorch = if (-not $python) { 'no Python with PyTorch here (apt-get install -y python3-torch, or set PIXELCNN_PYTHON)' }

    function Invoke-Torchrun([string[]]$Arguments) {
        # torchrun is 'python -m torch.distributed.run'. --redirects 1 --tee 1 (each rank's stdout to a log and the
        # console) because Debian 12's PyTorch 1.13 launcher fails on the default 0 under Python 3.11 (its Std flag lookup).
        $lines = & $python -m torch.distributed.run --standalone --nproc_per_node 2 --redirects 1 --tee 1 --log_dir (Join-Path $work 'logs') `
            (Join-Path $root 'examples/pytorch/train_pixelcnn.py') @Arguments 2>&1 | ForEach-Object { "$_" }
        [pscustomobject]@{
            ExitCode = $LASTEXITCODE
            Output   = $lines
            # The last line rank 0 prints is the run's summary (JSON).
            Summary  = $lines | Where-Object { $_ -match '^\[default0\]:\{"output"' } | Select-Object -Last 1 | ForEach-Object { ($_ -replace '^\[default0\]:', '') | ConvertFrom-Json }
            Epochs   = @($lines | Where-Object { $_ -match '^\[default0\]:\{"Epoch"' } | ForEach-Object { ($_ -replace '^\[default0\]:', '') | ConvertFrom-Json })
        }
    }

    if ($python) {
        $script:plain = Invoke-Torchrun @('--architecture', 'PixelCnn', '--hidden-dim', '16', '--batch-size', '16', '--train-images', '64',
            '--epochs', '2', '--validation-images', '16', '--test-images', '8', '--seed', '3', '--output', (Join-Path $work 'pixelcnn.safetensors'))
        $script:conditional = Invoke-Torchrun @('--architecture', 'Gated', '--conditional', '--hidden-dim', '16', '--batch-size', '16',
            '--train-images', '32', '--epochs', '2', '--max-steps', '3', '--label-dropout', '0.5', '--test-images', '8', '--output', (Join-Path $work 'gated.safetensors'))
        # Pictures of another size and more classes, in MNIST's IDX layout: 40 training and 8 test images of 16x20, 12 classes.
        $script:sized = Join-Path $work 'sized'
        New-Item -ItemType Directory -Path $sized | Out-Null
        foreach ($split in @{ Name = 'train'; Count = 40 }, @{ Name = 't10k'; Count = 8 }) {
            $pixels = [byte[]](0..($split.Count * 320 - 1) | ForEach-Object { ($_ * 7 + $split.Count) % 256 })
            Write-Idx -Path (Join-Path $sized "$($split.Name)-images-idx3-ubyte") -Magic 0x803 -Dimensions $split.Count, 16, 20 -Data $pixels
            Write-Idx -Path (Join-Path $sized "$($split.Name)-labels-idx1-ubyte") -Magic 0x801 -Dimensions $split.Count `
                -Data ([byte[]](0..($split.Count - 1) | ForEach-Object { $_ % 12 }))
        }
        $lines = & $python (Join-Path $root 'examples/pytorch/train_pixelcnn.py') --architecture Gated --conditional --hidden-dim 8 `
            --batch-size 8 --train-images 40 --epochs 1 --test-images 8 --data $sized --output (Join-Path $work 'sized.safetensors') 2>&1 |
            ForEach-Object { "$_" }
        $script:sizedRun = [pscustomobject]@{
            ExitCode = $LASTEXITCODE; Output = $lines
            Summary = $lines | Where-Object { $_ -match '^\{"output"' } | Select-Object -Last 1 | ConvertFrom-Json
        }
    }
}

AfterAll {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Training at scale on PyTorch''s engine: torchrun with two processes, imported by the module' {
    It 'the tutorial''s PixelCNN trained for two epochs by two processes imports with its history and scores as in PyTorch' {
        if ($noTorch) { Set-ItResult -Skipped -Because $noTorch; return }
        $plain.ExitCode | Should -Be 0 -Because ($plain.Output | Select-Object -Last 20 | Out-String)
        $plain.Summary.processes | Should -Be 2
        $plain.Summary.steps | Should -Be 8          # 64 images, 8 per process per step: 4 steps an epoch
        $model = Import-PixelCnn -Path (Join-Path $work 'pixelcnn.safetensors')
        $model.Architecture | Should -Be 'PixelCnn'
        $model.HiddenDim | Should -Be 16
        $model.Epoch | Should -Be 2
        $model.History.Count | Should -Be 2
        foreach ($i in 0, 1) {
            $model.History[$i].TrainBpd | Should -Be $plain.Epochs[$i].TrainBpd
            $model.History[$i].ValidationBpd | Should -Be $plain.Epochs[$i].ValidationBpd
        }
        # The same weights give the same bits/dim in libtorch through TorchSharp as in PyTorch (float32 sums).
        $bpd = (Import-Mnist -Split Test -First 8 | Measure-PixelCnnLikelihood -Model $model).BitsPerDim
        $bpd | Should -BeGreaterThan 0
        [math]::Abs($bpd - $plain.Summary.test_bpd) | Should -BeLessThan 1e-5
        # Two epochs of training moved it below an untrained model of the same seed on the same images.
        $untrained = (Import-Mnist -Split Test -First 8 | Measure-PixelCnnLikelihood -Model (New-PixelCnn -HiddenDim 16 -Seed 3 -Device Cpu)).BitsPerDim
        $bpd | Should -BeLessThan $untrained
    }

    It 'a class-conditional Gated model trained with label dropout imports as conditional, scores with labels as in PyTorch and guides itself' {
        if ($noTorch) { Set-ItResult -Skipped -Because $noTorch; return }
        $conditional.ExitCode | Should -Be 0 -Because ($conditional.Output | Select-Object -Last 20 | Out-String)
        $conditional.Summary.steps | Should -Be 3     # 32 images, 8 per process per step: 2 steps an epoch, then one more
        $model = Import-PixelCnn -Path (Join-Path $work 'gated.safetensors')
        $model.Architecture | Should -Be 'Gated'
        $model.Conditional | Should -BeTrue
        $model.Epoch | Should -Be 1   # the third step began an epoch that did not end: not counted
        $model.LabelDropout | Should -Be 0.5
        $bpd = (Import-Mnist -Split Test -First 8 | Measure-PixelCnnLikelihood -Model $model).BitsPerDim
        [math]::Abs($bpd - $conditional.Summary.test_bpd) | Should -BeLessThan 1e-5
        # Trained with label dropout, it guides itself: no second model is loaded (-Verbose says which one guides).
        $said = Get-PixelCnnSample -Model $model -Count 2 -Label 4 -Seed 1 -Guidance 2 -Verbose 4>&1
        @($said | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | Where-Object Message -like '*its own logits without a label*').Count | Should -Be 1
        @($said | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] } | ForEach-Object Label) | Should -Be @(4, 4)
    }

    It 'a model trained on pictures of another size and more classes learns both, and scores as in PyTorch' {
        if ($noTorch) { Set-ItResult -Skipped -Because $noTorch; return }
        $sizedRun.ExitCode | Should -Be 0 -Because ($sizedRun.Output | Select-Object -Last 20 | Out-String)
        $model = Import-PixelCnn -Path (Join-Path $work 'sized.safetensors')
        "$($model.Shape)" | Should -Be '16x20'
        $model.Classes | Should -Be 12
        $model.ClassNames -join ',' | Should -Be ((0..11) -join ',')
        $bpd = (Import-Mnist -Path $sized -Split Test | Measure-PixelCnnLikelihood -Model $model).BitsPerDim
        [math]::Abs($bpd - $sizedRun.Summary.test_bpd) | Should -BeLessThan 1e-5
    }
}
