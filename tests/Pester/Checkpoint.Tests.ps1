BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:PIXELCNN_TEST_MODULE -Force
    $script:golden = Join-Path (Get-RepositoryRoot) 'tests/data/seed-pixelcnn-h16.safetensors'
    $script:test = Import-Mnist -Split Test -First 8
    $script:model = New-PixelCnn -HiddenDim 4 -Device $TestDevice -Seed 31
    Start-PixelCnnTraining -Model $model -Data (Import-Mnist -First 128) -ValidationData $test -Epochs 2 -BatchSize 64 -Seed 3 | Out-Null
    function Read-Header([string]$Path) {
        $bytes = [System.IO.File]::ReadAllBytes($Path)
        [Text.Encoding]::UTF8.GetString($bytes, 8, [BitConverter]::ToUInt64($bytes, 0)) | ConvertFrom-Json -AsHashtable
    }
}

Describe 'Save-PixelCnn and Import-PixelCnn' {
    It 'round-trips to identical logits and identical samples' {
        $path = Join-Path $TestDrive 'round.safetensors'
        $file = Save-PixelCnn -Model $model -Path $path
        $file | Should -BeOfType [System.IO.FileInfo]
        $back = Import-PixelCnn -Path $path -Device $TestDevice
        $a = $model.Logits($test.Images); $b = $back.Logits($test.Images)
        $a.equal($b).all().item[bool]() | Should -BeTrue
        $s1 = Get-PixelCnnSample -Model $model -Count 2 -Seed 4
        $s2 = Get-PixelCnnSample -Model $back -Count 2 -Seed 4
        ($s1.Pixels -join ',') | Should -Be ($s2.Pixels -join ',')
        $back.Epoch | Should -Be 2
        $back.History | Should -HaveCount 2
        $back.History[1].ValidationBpd | Should -Be $model.History[1].ValidationBpd
    }

    It 'writes exactly the PyTorch state_dict tensors (names, dtypes, shapes) plus metadata' {
        $path = Join-Path $TestDrive 'keys.safetensors'
        Save-PixelCnn -Model (New-PixelCnn -HiddenDim 16 -Device $TestDevice) -Path $path | Out-Null
        $ours = Read-Header $path
        $theirs = Read-Header $golden
        $expected = $theirs.Keys | Where-Object { $_ -notin '__metadata__', 'input', 'logits' } | Sort-Object
        ($ours.Keys | Where-Object { $_ -ne '__metadata__' } | Sort-Object) | Should -Be $expected
        foreach ($k in $expected) {
            "$($ours[$k].dtype) $($ours[$k].shape -join ',')" | Should -Be "$($theirs[$k].dtype) $($theirs[$k].shape -join ',')"
        }
        $meta = $ours['__metadata__']
        $meta['pixelcnn.schema'] | Should -Be '1'
        $meta['pixelcnn.architecture'] | Should -Be 'PixelCnn'
        $meta['hidden_dim'] | Should -Be '16'
        $meta['format'] | Should -Be 'pt'
    }

    It 'records epoch, learning-rate schedule, history and optimizer state in the metadata' {
        $path = Join-Path $TestDrive 'meta.safetensors'
        Save-PixelCnn -Model $model -Path $path | Out-Null
        $meta = (Read-Header $path)['__metadata__']
        $meta['pixelcnn.epoch'] | Should -Be '2'
        $meta['pixelcnn.base_learning_rate'] | Should -Be '0.001'
        $meta['pixelcnn.learning_rate_decay'] | Should -Be '0.99'
        ($meta['pixelcnn.history'] | ConvertFrom-Json) | Should -HaveCount 2
        $meta['pixelcnn.optimizer'].Length | Should -BeGreaterThan 100
    }

    It 'does not overwrite without -Force, does with it, and leaves no temporary file' {
        $path = Join-Path $TestDrive 'exists.safetensors'
        Set-Content -LiteralPath $path -Value 'keep'
        { Save-PixelCnn -Model $model -Path $path } | Should -Throw -ErrorId 'FileExists,PixelCnn.Commands.SavePixelCnnCommand'
        Get-Content -LiteralPath $path | Should -Be 'keep'
        Save-PixelCnn -Model $model -Path $path -Force | Out-Null
        (Import-PixelCnn -Path $path -Device $TestDevice).HiddenDim | Should -Be 4
        @(Get-ChildItem $TestDrive -Filter '.*.tmp' -Force).Count | Should -Be 0
    }

    It 'over a checkpoint another program holds open: replaces it where the system allows, else (Windows) stops and keeps it' {
        $path = Join-Path $TestDrive 'open.safetensors'
        Save-PixelCnn -Model $model -Path $path | Out-Null
        $before = (Get-FileHash -LiteralPath $path).Hash
        $other = New-PixelCnn -HiddenDim 2 -Device $TestDevice -Seed 2
        $reader = [System.IO.File]::OpenRead($path)
        try {
            if ($IsWindows) {
                # Windows cannot replace a file opened without delete sharing: a clear error, and the file as it was.
                { Save-PixelCnn -Model $other -Path $path -Force } |
                    Should -Throw -ErrorId 'WriteFailed,PixelCnn.Commands.SavePixelCnnCommand' -ExpectedMessage "*'$path'*open in another program*unchanged*"
            }
            else {
                Save-PixelCnn -Model $other -Path $path -Force | Out-Null
            }
        }
        finally { $reader.Dispose() }
        $after = (Get-FileHash -LiteralPath $path).Hash
        if ($IsWindows) { $after | Should -Be $before } else { $after | Should -Not -Be $before }
        @(Get-ChildItem $TestDrive -Filter '.*.tmp' -Force).Count | Should -Be 0
    }

    It 'leaves Adam''s state out with -ExcludeOptimizerState, and training continues from such a file' {
        $full = Join-Path $TestDrive 'full.safetensors'
        $small = Join-Path $TestDrive 'small.safetensors'
        Save-PixelCnn -Model $model -Path $full | Out-Null
        Save-PixelCnn -Model $model -Path $small -ExcludeOptimizerState | Out-Null
        (Get-Item $small).Length | Should -BeLessThan (Get-Item $full).Length
        (Read-Header $small)['__metadata__'].ContainsKey('pixelcnn.optimizer') | Should -BeFalse
        $back = Import-PixelCnn -Path $small -Device $TestDevice
        $back.Epoch | Should -Be 2
        (Start-PixelCnnTraining -Model $back -Data (Import-Mnist -First 64) -Epochs 1 -BatchSize 64).Epoch | Should -Be 3
    }

    It 'writes nothing with -WhatIf' {
        $path = Join-Path $TestDrive 'whatif.safetensors'
        Save-PixelCnn -Model $model -Path $path -WhatIf
        Test-Path $path | Should -BeFalse
    }

    It 'saves the session''s current model without -Model' {
        $current = New-PixelCnn -HiddenDim 3 -Device $TestDevice
        $path = Join-Path $TestDrive 'current.safetensors'
        Save-PixelCnn -Path $path | Out-Null
        (Import-PixelCnn -Path $path -Device $TestDevice).HiddenDim | Should -Be 3
    }

    It 'rejects a checkpoint whose tensors do not match the architecture' {
        $path = Join-Path $TestDrive 'mismatch.safetensors'
        Save-PixelCnn -Model $model -Path $path | Out-Null
        $bytes = [System.IO.File]::ReadAllBytes($path)
        $length = [BitConverter]::ToUInt64($bytes, 0)
        $text = [Text.Encoding]::UTF8.GetString($bytes, 8, $length)
        # Rename one tensor: same length, so the file stays well-formed but lacks a tensor the model needs.
        $text = $text.Replace('"layers.13.bias"', '"layers.13.bia_"')
        [Text.Encoding]::UTF8.GetBytes($text).CopyTo($bytes, 8)
        [System.IO.File]::WriteAllBytes($path, $bytes)
        $err = { Import-PixelCnn -Path $path } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'CheckpointMismatch,PixelCnn.Commands.ImportPixelCnnCommand'
        $err.Exception.Message | Should -Match 'layers\.13\.bias'
    }

    It 'rejects a checkpoint from a newer schema' {
        $path = Join-Path $TestDrive 'newer.safetensors'
        Save-PixelCnn -Model $model -Path $path | Out-Null
        $bytes = [System.IO.File]::ReadAllBytes($path)
        $length = [BitConverter]::ToUInt64($bytes, 0)
        $text = [Text.Encoding]::UTF8.GetString($bytes, 8, $length).Replace('"pixelcnn.schema":"1"', '"pixelcnn.schema":"9"')
        [Text.Encoding]::UTF8.GetBytes($text).CopyTo($bytes, 8)
        [System.IO.File]::WriteAllBytes($path, $bytes)
        { Import-PixelCnn -Path $path } | Should -Throw -ErrorId 'CheckpointSchemaTooNew,PixelCnn.Commands.ImportPixelCnnCommand'
    }
}
