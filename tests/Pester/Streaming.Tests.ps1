BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:PIXELCNN_TEST_MODULE -Force
    $script:golden = Join-Path (Get-RepositoryRoot) 'tests' 'data' 'seed-pixelcnn-h16.safetensors'
    $script:gatedGolden = Join-Path (Get-RepositoryRoot) 'tests' 'data' 'gated-conditional-h8.safetensors'
    function Get-Key($images) { ($images | ForEach-Object { $_.Pixels -join ',' }) -join '|' }
    function Test-DownstreamWork([int]$Seed) {
        # What a pipeline stage may do while an upstream cmdlet streams: build, train, save and sample another model.
        $other = New-PixelCnn -HiddenDim 4 -Seed $Seed
        Start-PixelCnnTraining -Model $other -Data (Import-Mnist -First 32) -BatchSize 16 -Seed 1 | Out-Null
        $path = Join-Path $TestDrive "downstream-$Seed.safetensors"
        Save-PixelCnn -Model $other -Path $path -Force | Out-Null
        $reloaded = Import-PixelCnn -Path $path
        [pscustomobject]@{ Model = $other; Reloaded = $reloaded; Image = Get-PixelCnnSample -Model $other -Count 1 -Seed 2 }
    }
}

Describe 'Streaming never takes the next command''s tensors' {
    It 'a model created while samples stream is whole afterwards (the bug report)' {
        $source = New-PixelCnn -HiddenDim 8 -Seed 1
        $created = Get-PixelCnnSample -Model $source -Count 2 -BatchSize 1 -Seed 1 | ForEach-Object { New-PixelCnn -HiddenDim 8 -Seed 2 }
        $m2 = $created[-1]
        $fresh = New-PixelCnn -HiddenDim 8 -Seed 2
        (Get-PixelCnnSample -Model $m2 -Count 1 -Seed 3).Pixels | Should -Be (Get-PixelCnnSample -Model $fresh -Count 1 -Seed 3).Pixels
    }

    It 'training, saving and sampling another model downstream of <Command> leaves that model whole' -ForEach @(
        @{ Command = 'Get-PixelCnnSample'; Stream = { Get-PixelCnnSample -Model $args[0] -Count 2 -BatchSize 1 -Seed 4 } }
        @{ Command = 'Get-PixelCnnDistribution'; Stream = { Import-Mnist -Split Test -First 1 | Get-PixelCnnDistribution -Model $args[0] | Select-Object -First 2 } }
        @{ Command = 'Measure-PixelCnnLikelihood -PerImage'; Stream = { Import-Mnist -Split Test -First 2 | Measure-PixelCnnLikelihood -Model $args[0] -PerImage -BatchSize 1 } }
    ) {
        $source = Import-PixelCnn -Path $golden
        $results = & $Stream $source | ForEach-Object -Begin { $seed = 20 } -Process { Test-DownstreamWork ($seed++) }
        $results | Should -HaveCount 2
        for ($i = 0; $i -lt 2; $i++) {
            # The same work in a quiet pipeline draws the same image, and after the stream has ended the models made
            # downstream still sample it: none of their tensors went with the upstream cmdlet's scope.
            $quiet = Test-DownstreamWork (20 + $i)
            $results[$i].Image.Pixels | Should -Be $quiet.Image.Pixels
            (Get-PixelCnnSample -Model $results[$i].Model -Count 1 -Seed 2).Pixels | Should -Be $quiet.Image.Pixels
            (Get-PixelCnnSample -Model $results[$i].Reloaded -Count 1 -Seed 2).Pixels | Should -Be $quiet.Image.Pixels
        }

        # And the streaming model itself still works after the pipeline.
        (Get-PixelCnnSample -Model $source -Count 1 -Seed 9).Pixels.Count | Should -Be 784
    }
}

Describe 'The exact samplers use the model''s own masks' {
    It 'a <Architecture> checkpoint with a closed tap (<Key> entry <Index>) samples the same images with both samplers' -ForEach @(
        @{ Architecture = 'PixelCnn'; Key = 'layers.0.mask'; Index = 10 }
        @{ Architecture = 'PixelCnn'; Key = 'layers.3.block.3.mask'; Index = 1 }
        @{ Architecture = 'Gated'; Key = 'conv_layers.2.conv_vert.mask'; Index = 4 }
        @{ Architecture = 'Gated'; Key = 'conv_layers.0.conv_horiz.mask'; Index = 0 }
    ) {
        $source = if ($Architecture -eq 'Gated') { $gatedGolden } else { $golden }
        $closed = New-FlippedMaskCheckpoint -Source $source -Key $Key -Index $Index -Value 0 -Destination (Join-Path $TestDrive "closed-$Key.safetensors")
        $model = Import-PixelCnn -Path $closed -WarningAction SilentlyContinue
        $original = Import-PixelCnn -Path $source
        $label = if ($model.Conditional) { @{ Label = 3 } } else { @{} }
        $fast = Get-PixelCnnSample -Model $model -Count 2 -Seed 5 @label
        $naive = Get-PixelCnnSample -Model $model -Count 2 -Seed 5 -Sampler Naive @label
        Get-Key $fast | Should -Be (Get-Key $naive)
        $fast.LogLikelihood | Should -Not -Be (Get-PixelCnnSample -Model $original -Count 2 -Seed 5 @label).LogLikelihood   # the closed tap matters
    }

    It 'a checkpoint whose mask opens a hidden tap samples with the naive sampler, with a warning' {
        $open = New-FlippedMaskCheckpoint -Source $golden -Key 'layers.3.block.3.mask' -Index 5 -Destination (Join-Path $TestDrive 'open.safetensors')
        $model = Import-PixelCnn -Path $open -WarningAction SilentlyContinue
        $fast = Get-PixelCnnSample -Model $model -Count 1 -Seed 6 -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings | Should -HaveCount 1
        "$warnings" | Should -Match 'naive sampler'
        Get-Key $fast | Should -Be (Get-Key (Get-PixelCnnSample -Model $model -Count 1 -Seed 6 -Sampler Naive))
    }
}

Describe 'Seeds are the runspace''s own' {
    It 'four parallel runspaces with the same seed build the same model and draw the same images' {
        $module = $env:PIXELCNN_TEST_MODULE
        $keys = 1..4 | ForEach-Object -ThrottleLimit 4 -Parallel {
            Import-Module $using:module
            $m = New-PixelCnn -Architecture Gated -HiddenDim 4 -Seed 42
            $images = Get-PixelCnnSample -Model $m -Count 2 -Seed 7
            [pscustomobject]@{
                Weights = ($m.Network.parameters() | ForEach-Object { $_.sum().item[float]().ToString('R') }) -join ','
                Images  = ($images | ForEach-Object { $_.Pixels -join ',' }) -join '|'
            }
        }
        $keys | Should -HaveCount 4
        $keys.Weights | Sort-Object -Unique | Should -HaveCount 1
        $keys.Images | Sort-Object -Unique | Should -HaveCount 1
        $keys[0].Images | Should -Be (Get-Key (Get-PixelCnnSample -Model (New-PixelCnn -Architecture Gated -HiddenDim 4 -Seed 42) -Count 2 -Seed 7))
    }
}
