BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:PIXELCNN_TEST_MODULE -Force
    $script:golden = Join-Path (Get-RepositoryRoot) 'tests/data/seed-pixelcnn-h16.safetensors'
}

Describe 'New-PixelCnn' {
    It 'builds the tutorial architecture with hidden size <Hidden> and the parameter count it implies' -TestCases @(
        @{ Hidden = 16 }, @{ Hidden = 64 }
    ) {
        $h = $Hidden; $h2 = 2 * $h
        $expected = ($h2 * 49 + $h2) + 2 * $h2 +
            7 * (($h2 * $h + $h) + 2 * $h + ($h * $h * 9 + $h) + 2 * $h + ($h * $h2 + $h2) + 2 * $h2) +
            ($h2 * $h2 + $h2) + 2 * $h2 + ($h2 * 256 + 256)
        $m = New-PixelCnn -HiddenDim $Hidden -Device $TestDevice
        $m.ParameterCount | Should -Be $expected
        $m.HiddenDim | Should -Be $Hidden
        $m.Architecture | Should -Be 'PixelCnn'
        $m.Dilations | Should -Be '1,2,1,3,1,2,1'
        $m.Device | Should -Match "^$TestDevice"
        $m.Mode | Should -Be 'Evaluation'
    }

    It 'defaults to hidden size 64 and prints architecture, parameters and device' {
        $text = New-PixelCnn -Device $TestDevice | Out-String
        $text | Should -Match 'HiddenDim\s*:\s*64'
        $text | Should -Match 'Parameters\s*:\s*434,560'
        $text | Should -Match "Device\s*:\s*$TestDevice"
        $text | Should -Match '7x7 mask-A conv 1->128, 7 residual blocks \(dilations 1,2,1,3,1,2,1\)'
    }

    It 'has the PyTorch state_dict names of the golden file' {
        $m = New-PixelCnn -HiddenDim 16 -Device $TestDevice
        $bytes = [System.IO.File]::ReadAllBytes($golden)
        $header = [Text.Encoding]::UTF8.GetString($bytes, 8, [BitConverter]::ToUInt64($bytes, 0)) | ConvertFrom-Json -AsHashtable
        $expected = $header.Keys | Where-Object { $_ -notin '__metadata__', 'input', 'logits' } | Sort-Object
        $actual = @($m.Network.named_parameters() | ForEach-Object Item1) + @($m.Network.named_buffers() | ForEach-Object Item1) | Sort-Object
        $actual | Should -Be $expected
    }

    It 'gives the same weights for the same seed' {
        $a = New-PixelCnn -HiddenDim 4 -Device $TestDevice -Seed 11
        $b = New-PixelCnn -HiddenDim 4 -Device $TestDevice -Seed 11
        $c = New-PixelCnn -HiddenDim 4 -Device $TestDevice -Seed 12
        $wa = $a.Network.named_parameters() | Select-Object -First 1 | ForEach-Object Item2
        $wb = $b.Network.named_parameters() | Select-Object -First 1 | ForEach-Object Item2
        $wc = $c.Network.named_parameters() | Select-Object -First 1 | ForEach-Object Item2
        $wa.allclose($wb, 0, 0) | Should -BeTrue
        $wa.allclose($wc, 0, 0) | Should -BeFalse
    }

    It 'rejects hidden size <Value>' -TestCases @(@{ Value = 0 }, @{ Value = -3 }, @{ Value = 5000 }) {
        { New-PixelCnn -HiddenDim $Value } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PixelCnn.Commands.NewPixelCnnCommand'
    }

    It 'rejects an architecture the registry does not know, naming the ones it knows; takes a known one in any case' {
        { New-PixelCnn -Architecture Other } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PixelCnn.Commands.NewPixelCnnCommand' -ExpectedMessage "*There is no architecture 'Other'. Choose one of: PixelCnn, Gated.*"
        (New-PixelCnn -Architecture gated -HiddenDim 2 -Device Cpu).Architecture | Should -Be 'Gated'
    }

    It '-Device Cuda without CUDA stops with an error that says how to get the CUDA build' {
        if ((New-PixelCnn -HiddenDim 1 -Device Auto).Device -ne 'cpu') { Set-ItResult -Skipped -Because 'this machine has CUDA'; return }
        $err = { New-PixelCnn -HiddenDim 4 -Device Cuda } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'CudaNotAvailable,PixelCnn.Commands.NewPixelCnnCommand'
        $err.CategoryInfo.Category | Should -Be 'NotInstalled'
        $err.Exception.Message | Should -Match 'build\.ps1 -Task Build -Backend Cuda'
        $err.Exception.Message | Should -Match 'TorchSharp-cuda'
    }

    It '-Device Auto picks the CPU on a machine without CUDA' {
        if ([System.IO.File]::Exists('/dev/nvidiactl') -or (Get-Command nvidia-smi -ErrorAction Ignore)) { Set-ItResult -Skipped -Because 'this machine has an NVIDIA driver'; return }
        (New-PixelCnn -HiddenDim 4 -Device Auto).Device | Should -Be 'cpu'
    }
}

Describe 'A model''s training figures in the shell' {
    It 'reads each from the training state: epoch, schedule, seeds, average, clipping, label dropout, history' {
        $model = New-PixelCnn -Architecture Gated -HiddenDim 2 -Conditional -Seed 4 -Device $TestDevice
        $model.Epoch | Should -Be 0
        $model.History.Count | Should -Be 0
        $model.Schedule | Should -BeNullOrEmpty
        $model.NextLearningRate | Should -BeNullOrEmpty
        $model.AverageDecay | Should -BeNullOrEmpty
        $null = Start-PixelCnnTraining -Model $model -Data (Import-Mnist -First 16) -Epochs 2 -BatchSize 16 -Seed 5 `
            -LearningRate 0.002 -LearningRateDecay 0.9 -LabelDropout 0.25 -AverageWeights -AverageDecay 0.75 `
            -GradientClipNorm 3
        $model.PSObject.Properties['Epoch'].MemberType | Should -Be 'ScriptProperty'
        $model.Epoch | Should -Be 2
        $model.History.Epoch | Should -Be 1, 2
        "$($model.Schedule)" | Should -Be '0.002 x 0.9^epoch'
        $model.BaseLearningRate | Should -Be 0.002
        $model.LearningRateDecay | Should -Be 0.9
        $model.NextLearningRate | Should -Be (0.002 * [Math]::Pow(0.9, 2))
        $model.TrainingSeed | Should -Be 5
        $model.LabelDropout | Should -Be 0.25
        $model.AverageDecay | Should -Be 0.75
        $model.GradientClipNorm | Should -Be 3
        $model.Weights | Should -Be 'Averaged'
        $model.ValidationBpd | Should -BeNullOrEmpty
        ($model | Out-String) | Should -Match 'Epoch\s*:\s*2'
    }
}

Describe 'Import-PixelCnn' {
    It 'loads the golden PyTorch checkpoint with hidden size 16 and reports the unused tensors' {
        $m = Import-PixelCnn -Path $golden -Device $TestDevice -Verbose 4>&1
        $verbose = $m | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $model = $m | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
        $model.HiddenDim | Should -Be 16
        $model.Source | Should -Be $golden
        "$verbose" | Should -Match 'input, logits'
    }

    It 'rejects <Case> with a clear error naming the file' -TestCases @(
        @{ Case = 'a truncated file'; Cut = 1000 }
        @{ Case = 'an empty file'; Cut = 0 }
        @{ Case = 'a file cut in its header'; Cut = 6 }
    ) {
        $bytes = [System.IO.File]::ReadAllBytes($golden)
        $path = Join-Path $TestDrive "cut-$Cut.safetensors"
        $copy = [byte[]]::new($Cut)
        [Array]::Copy($bytes, $copy, $Cut)
        [System.IO.File]::WriteAllBytes($path, $copy)
        $err = { Import-PixelCnn -Path $path } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'CheckpointCorrupt,PixelCnn.Commands.ImportPixelCnnCommand'
        $err.Exception.Message | Should -Match ([regex]::Escape($path))
        $err.TargetObject | Should -Be $path
    }

    It 'rejects a file that is not a PixelCNN checkpoint' {
        $path = Join-Path $TestDrive 'other.safetensors'
        $json = [Text.Encoding]::UTF8.GetBytes('{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}')
        [System.IO.File]::WriteAllBytes($path, [BitConverter]::GetBytes([uint64]$json.Length) + $json + [byte[]](0, 0, 0, 0))
        { Import-PixelCnn -Path $path } | Should -Throw -ErrorId 'CheckpointMismatch,PixelCnn.Commands.ImportPixelCnnCommand'
    }

    It 'rejects a missing file' {
        { Import-PixelCnn -Path (Join-Path $TestDrive 'none.safetensors') } | Should -Throw -ErrorId 'CheckpointNotFound,PixelCnn.Commands.ImportPixelCnnCommand'
    }
}
