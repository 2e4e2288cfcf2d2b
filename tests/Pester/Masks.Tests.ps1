BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:PIXELCNN_TEST_MODULE -Force
    $script:golden = Join-Path (Get-RepositoryRoot) 'tests/data/seed-pixelcnn-h16.safetensors'
    $script:random = New-PixelCnn -HiddenDim 8 -Device $TestDevice -Seed 3
    $script:goldenModel = Import-PixelCnn -Path $golden -Device $TestDevice
    # The module's mask builder, reached through the model's assembly (it lives in the module's load context).
    $script:maskType = $random.GetType().Assembly.GetType('PixelCnn.Networks.ConvolutionMask')
}

Describe 'Mask tensors' {
    It 'type <Type> at <Size>x<Size> is exactly <Expected>' -TestCases @(
        @{ Type = 'A'; Size = 3; Expected = '111|100|000' }
        @{ Type = 'B'; Size = 3; Expected = '111|110|000' }
        @{ Type = 'A'; Size = 5; Expected = '11111|11111|11000|00000|00000' }
        @{ Type = 'B'; Size = 5; Expected = '11111|11111|11100|00000|00000' }
        @{ Type = 'A'; Size = 7; Expected = '1111111|1111111|1111111|1110000|0000000|0000000|0000000' }
        @{ Type = 'B'; Size = 7; Expected = '1111111|1111111|1111111|1111000|0000000|0000000|0000000' }
    ) {
        $mask = $maskType::Create($Type, $Size, $Size)
        $rows = foreach ($r in 0..($Size - 1)) { -join (0..($Size - 1) | ForEach-Object { [int]$mask[$r, $_] }) }
        $rows -join '|' | Should -Be $Expected
    }

    It 'the model uses mask A on the 7x7 input layer and mask B on every 3x3 layer' {
        $layers = @($random.Network.MaskedConvolutions())
        $layers.Count | Should -Be 8
        $layers[0].Name | Should -Be 'layers.0'
        "$($layers[0].Layer.MaskType)/$($layers[0].Layer.KernelSize)" | Should -Be 'A/7'
        $layers[1..7] | ForEach-Object { "$($_.Layer.MaskType)/$($_.Layer.KernelSize)/$($_.Layer.Dilation)" } |
            Should -Be @('B/3/1', 'B/3/2', 'B/3/1', 'B/3/3', 'B/3/1', 'B/3/2', 'B/3/1')
    }
}

Describe 'Causality of the whole network (autograd, eval mode)' {
    It '<Name>: pixel (<Row>,<Column>) depends on no pixel at or after it, and on some before it' -TestCases @(
        foreach ($model in 'random', 'golden') {
            foreach ($p in @(@(0, 0), @(0, 1), @(0, 27), @(1, 0), @(13, 0), @(14, 14), @(20, 27), @(27, 0), @(27, 27))) {
                @{ Name = $model; Row = $p[0]; Column = $p[1] }
            }
        }
    ) {
        $model = if ($Name -eq 'random') { $random } else { $goldenModel }
        $field = Get-PixelCnnReceptiveField -Model $model -Row $Row -Column $Column
        $field.CausalityViolations | Should -BeNullOrEmpty
        $field.IsCausal | Should -BeTrue
        if ($Row -eq 0 -and $Column -eq 0) {
            $field.Count | Should -Be 0 -Because 'the first pixel sees only padding'
        }
        else {
            $field.Count | Should -BeGreaterThan 0 -Because 'the model looks at the past'
        }
    }
}

Describe 'Receptive field' {
    It 'of pixel (<Row>,<Column>) is exactly the set the architecture predicts, blind spot included' -TestCases @(
        @{ Row = 14; Column = 14 }, @{ Row = 5; Column = 20 }, @{ Row = 27; Column = 27 }
    ) {
        $expected = Get-PredictedReceptiveField -Row $Row -Column $Column
        $field = Get-PixelCnnReceptiveField -Model $goldenModel -Row $Row -Column $Column
        $actual = $field.Pixels | ForEach-Object ToString
        @($actual | Where-Object { -not $expected.Contains($_) }) | Should -BeNullOrEmpty -Because 'no pixel outside the predicted set may influence it'
        @($expected | Where-Object { $_ -notin $actual }) | Should -BeNullOrEmpty -Because 'every predicted pixel must influence it'
    }

    It 'shows the blind spot of the original PixelCNN at (14,14): earlier pixels up and to the right are unseen' {
        $field = Get-PixelCnnReceptiveField -Model $goldenModel -Row 14 -Column 14
        $field.Contains(13, 13) | Should -BeTrue
        $field.Contains(13, 18) | Should -BeFalse
        $field.Contains(13, 27) | Should -BeFalse
        $field.Contains(4, 27) | Should -BeFalse
        $field.Contains(4, 26) | Should -BeTrue
        $field.Unseen.Count | Should -Be 55
        $field.Count | Should -Be 351
    }
}

Describe 'A mask off by one is caught' {
    It 'flipping one future entry of <Key> to 1 makes the causality check fail' -TestCases @(
        @{ Key = 'layers.0.mask'; Index = 24 }            # 7x7 type A: the centre itself
        @{ Key = 'layers.5.block.3.mask'; Index = 5 }     # 3x3 type B: right of the centre
    ) {
        $broken = New-FlippedMaskCheckpoint -Source $golden -Key $Key -Index $Index -Destination (Join-Path $TestDrive "broken-$Key.safetensors")

        $model = Import-PixelCnn -Path $broken -Device $TestDevice -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings | Should -Match ([regex]::Escape($Key))
        $violations = foreach ($p in @(@(14, 14), @(10, 3), @(27, 27))) {
            (Get-PixelCnnReceptiveField -Model $model -Row $p[0] -Column $p[1]).CausalityViolations
        }
        @($violations).Count | Should -BeGreaterThan 0
    }
}
