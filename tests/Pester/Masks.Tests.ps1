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

Describe 'Every masked layer of every architecture' {
    BeforeAll {
        # The designs, written out: each masked layer's mask rows (top to bottom, '|' between rows) and dilation. The
        # tutorial's PixelCNN: a 7x7 type A input layer, then 3x3 type B with dilations 1,2,1,3,1,2,1. The Gated
        # PixelCNN (with or without classes): vertical and horizontal type A input stacks, then per block a 3x3 vertical
        # and a 1x3 horizontal type B with dilations 1,2,1,4,1,2,1.
        $pixelCnn = [ordered]@{ 'layers.0' = '1111111|1111111|1111111|1110000|0000000|0000000|0000000 d1' }
        $i = 3; foreach ($d in 1, 2, 1, 3, 1, 2, 1) { $pixelCnn["layers.$i.block.3"] = "111|110|000 d$d"; $i++ }
        $gated = [ordered]@{ 'conv_vstack' = '111|000|000 d1'; 'conv_hstack' = '100 d1' }
        $i = 0; foreach ($d in 1, 2, 1, 4, 1, 2, 1) { $gated["conv_layers.$i.conv_vert"] = "111|111|000 d$d"; $gated["conv_layers.$i.conv_horiz"] = "110 d$d"; $i++ }
        $script:designs = @{ PixelCnn = $pixelCnn; Gated = $gated; GatedConditional = $gated }
        # The hidden entry each test opens: the first one a type A or B mask hides after its centre, row-major.
        $script:hidden = @{ '1111111|1111111|1111111|1110000|0000000|0000000|0000000' = 24; '111|110|000' = 5; '111|000|000' = 4; '100' = 1; '111|111|000' = 7; '110' = 2 }
        $script:arguments = @{ PixelCnn = @{ Architecture = 'PixelCnn' }; Gated = @{ Architecture = 'Gated' }; GatedConditional = @{ Architecture = 'Gated'; Conditional = $true } }

        function Get-SavedMask([string]$Path) {
            # Each mask tensor of a checkpoint as its rows, read from the file itself (safetensors: a JSON header, then floats).
            $bytes = [System.IO.File]::ReadAllBytes($Path)
            $length = [BitConverter]::ToUInt64($bytes, 0)
            $header = [Text.Encoding]::UTF8.GetString($bytes, 8, $length) | ConvertFrom-Json -AsHashtable
            $masks = @{}
            foreach ($key in $header.Keys | Where-Object { $_ -like '*.mask' }) {
                $shape = $header[$key].shape; $width = $shape[-1]; $height = $shape[-2]
                $start = 8 + $length + $header[$key].data_offsets[0]
                $rows = foreach ($r in 0..($height - 1)) { -join (0..($width - 1) | ForEach-Object { [int][BitConverter]::ToSingle($bytes, $start + 4 * ($r * $width + $_)) }) }
                $masks[$key -replace '\.mask$', ''] = $rows -join '|'
            }
            $masks
        }
    }

    It '<Name>: each masked layer has its design''s mask and dilation, in the model and in its checkpoint' -ForEach @(
        @{ Name = 'PixelCnn' }, @{ Name = 'Gated' }, @{ Name = 'GatedConditional' }
    ) {
        $arguments = $script:arguments[$Name]
        $model = New-PixelCnn -HiddenDim 4 -Device $TestDevice -Seed 1 @arguments
        $path = Join-Path $TestDrive "$Name.safetensors"
        Save-PixelCnn -Model $model -Path $path -Force | Out-Null
        $saved = Get-SavedMask $path
        $design = $designs[$Name]
        @($saved.Keys | Sort-Object) | Should -Be @($design.Keys | Sort-Object) -Because 'every masked layer, and only those, has a mask'
        $layers = @($model.Network.MaskedConvolutions())
        @($layers.Name) | Should -Be @($design.Keys) -Because 'the network applies a mask in each of these layers, in this order'
        foreach ($layer in $layers) {
            "$($saved[$layer.Name]) d$($layer.Layer.Dilation)" | Should -Be $design[$layer.Name] -Because "layer $($layer.Name)"
        }
    }

    It '<Name>: one hidden entry opened in any mask is caught by the causality check' -ForEach @(
        @{ Name = 'PixelCnn' }, @{ Name = 'Gated' }, @{ Name = 'GatedConditional' }
    ) {
        $arguments = $script:arguments[$Name]
        $path = Join-Path $TestDrive "$Name-flip.safetensors"
        # The PixelCNN at hidden 16: at 4 its ReLUs left no live path from an opened tap in the last block to the pixels
        # probed (seen); the Gated network's gates pass every path.
        $hiddenDim = if ($Name -eq 'PixelCnn') { 16 } else { 4 }
        Save-PixelCnn -Model (New-PixelCnn -HiddenDim $hiddenDim -Device $TestDevice -Seed 2 @arguments) -Path $path -Force | Out-Null
        foreach ($layer in $designs[$Name].Keys) {
            $pattern = ($designs[$Name][$layer] -split ' ')[0]
            $broken = New-FlippedMaskCheckpoint -Source $path -Key "$layer.mask" -Index $hidden[$pattern] -Destination (Join-Path $TestDrive "broken-$Name-$layer.safetensors")
            $model = Import-PixelCnn -Path $broken -Device $TestDevice -WarningVariable warnings -WarningAction SilentlyContinue
            $warnings | Should -Match ([regex]::Escape("$layer.mask")) -Because 'the import says which mask differs from its design'
            $violations = foreach ($p in @(@(14, 14), @(10, 3), @(27, 27), @(0, 5))) {
                (Get-PixelCnnReceptiveField -Model $model -Row $p[0] -Column $p[1]).CausalityViolations
            }
            @($violations).Count | Should -BeGreaterThan 0 -Because "an opened entry of $layer lets a pixel see its future"
        }
    }
}
