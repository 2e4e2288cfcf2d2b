BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:PIXELCNN_TEST_MODULE -Force
    $script:maskType = (New-PixelCnn -HiddenDim 1 -Device $TestDevice).GetType().Assembly.GetType('PixelCnn.Networks.ConvolutionMask')
    $script:gated = New-PixelCnn -Architecture Gated -HiddenDim 8 -Device $TestDevice -Seed 3
    $script:conditional = New-PixelCnn -Architecture Gated -Conditional -HiddenDim 6 -Device $TestDevice -Seed 4
    $script:train = Import-Mnist -Split Train -First 128
    $script:test = Import-Mnist -Split Test -First 6
    Start-PixelCnnTraining -Model $conditional -Data $train -ValidationData $test -Epochs 1 -BatchSize 32 -Seed 2 | Out-Null
    function Get-Key($images) { ($images | ForEach-Object { $_.Pixels -join ',' }) -join '|' }
    function Read-Header([string]$Path) {
        $bytes = [System.IO.File]::ReadAllBytes($Path)
        [Text.Encoding]::UTF8.GetString($bytes, 8, [BitConverter]::ToUInt64($bytes, 0)) | ConvertFrom-Json -AsHashtable
    }
}

Describe 'New-PixelCnn -Architecture Gated' {
    It 'builds the Gated PixelCNN with the UvA tutorial''s state names' {
        $gated.Architecture | Should -Be 'Gated'
        $gated.Conditional | Should -BeFalse
        $gated.Dilations | Should -Be '1,2,1,4,1,2,1'
        $names = @($gated.Network.named_parameters() | ForEach-Object Item1) + @($gated.Network.named_buffers() | ForEach-Object Item1)
        $names | Should -Contain 'conv_vstack.conv.weight'
        $names | Should -Contain 'conv_hstack.mask'
        $names | Should -Contain 'conv_layers.6.conv_vert_to_horiz.weight'
        $names | Should -Contain 'conv_layers.3.conv_horiz_1x1.bias'
        $names | Should -Contain 'conv_out.weight'
        $names | Where-Object { $_ -like '*class_cond*' } | Should -BeNullOrEmpty
        $names.Count | Should -Be (2 * 3 + 7 * 10 + 2)
    }

    It 'adds two label embeddings per block with -Conditional' {
        $conditional.Conditional | Should -BeTrue
        $conditional.Classes | Should -Be 10
        $embeddings = @($conditional.Network.named_parameters() | Where-Object { $_.Item1 -like '*class_cond*' })
        $embeddings | Should -HaveCount 14
        $embeddings[0].Item2.shape | Should -Be @(10, 12)
    }

    It 'keeps the tutorial''s PixelCnn as the default architecture' {
        (New-PixelCnn -HiddenDim 2 -Device $TestDevice).Architecture | Should -Be 'PixelCnn'
    }

    It 'refuses -Conditional for the tutorial''s PixelCnn' {
        { New-PixelCnn -HiddenDim 2 -Conditional -Device $TestDevice -ErrorAction Stop } | Should -Throw -ErrorId 'ConditionalNeedsGated,PixelCnn.Commands.NewPixelCnnCommand'
    }

    It 'completes the architecture names' {
        $completions = TabExpansion2 -inputScript 'New-PixelCnn -Architecture G' -cursorColumn 28
        $completions.CompletionMatches.CompletionText | Should -Be @('Gated')
    }
}

Describe 'New-PixelCnn -InitializeFrom' {
    It 'starts a conditional model from an unconditional one: the same likelihood of every image under any label' {
        $started = $gated | New-PixelCnn -Conditional
        $started.Conditional | Should -BeTrue
        $started.HiddenDim | Should -Be 8
        $started.Epoch | Should -Be 0
        $started.InitializedFrom | Should -Be 'Gated hidden 8, epoch 0'
        $expected = $test | Measure-PixelCnnLikelihood -Model $gated -PerImage
        foreach ($label in 0, 7) {
            $measured = $test | ForEach-Object { $_.WithLabel($label) } | Measure-PixelCnnLikelihood -Model $started -PerImage
            $measured.BitsPerDim | Should -Be $expected.BitsPerDim -Because "label $label must not change a model whose embeddings start at zero"
        }
        $fresh = New-PixelCnn -Architecture Gated -Conditional -HiddenDim 8 -Device $TestDevice -Seed 3
        ($test | Measure-PixelCnnLikelihood -Model $fresh -PerImage).BitsPerDim | Should -Not -Be $expected.BitsPerDim
    }

    It 'keeps where the model started in its checkpoint, and training moves it from there' {
        $started = New-PixelCnn -InitializeFrom $conditional
        $started.InitializedFrom | Should -BeLike "Gated conditional hidden 6, epoch 1, validation $($conditional.ValidationBpd.ToString('F4', [cultureinfo]::InvariantCulture)) bpd"
        $path = Join-Path $TestDrive 'started.safetensors'
        Save-PixelCnn -Model $started -Path $path | Out-Null
        (Import-PixelCnn -Path $path).InitializedFrom | Should -Be $started.InitializedFrom
        $before = (Measure-PixelCnnLikelihood -InputObject $test -Model $started).BitsPerDim
        $before | Should -Be (Measure-PixelCnnLikelihood -InputObject $test -Model $conditional).BitsPerDim
        $record = Start-PixelCnnTraining -Model $started -Data $train -ValidationData $test -Epochs 1 -BatchSize 32 -Seed 2
        $record.ValidationBpd | Should -BeLessThan $before
    }

    It 'refuses a source the new model has no place for, and -HiddenDim or -Architecture beside it' {
        { $conditional | New-PixelCnn -Conditional:$false -ErrorAction Stop } | Should -Throw -ErrorId 'InitializeFromMismatch,PixelCnn.Commands.NewPixelCnnCommand'
        { New-PixelCnn -InitializeFrom $gated -HiddenDim 4 -ErrorAction Stop } | Should -Throw -ErrorId 'AmbiguousParameterSet,PixelCnn.Commands.NewPixelCnnCommand'
        { New-PixelCnn -InitializeFrom $gated -Architecture PixelCnn -ErrorAction Stop } | Should -Throw -ErrorId 'AmbiguousParameterSet,PixelCnn.Commands.NewPixelCnnCommand'
    }
}

Describe 'Start-PixelCnnTraining -LabelLearningRateScale' {
    BeforeAll {
        function Get-LabelNorm($model) {
            $sum = 0.0
            foreach ($p in $model.Network.named_parameters() | Where-Object { $_.Item1 -like '*class_cond*' }) { $sum += $p.Item2.square().sum().item[float]() }
            [math]::Sqrt($sum)
        }
    }

    It 'moves the label embeddings of a warm-started model that many times further, and keeps the scale in its checkpoint' {
        $plain = $gated | New-PixelCnn -Conditional
        $scaled = $gated | New-PixelCnn -Conditional
        Get-LabelNorm $scaled | Should -Be 0
        Start-PixelCnnTraining -Model $plain -Data $train -Epochs 1 -BatchSize 32 -Seed 2 | Out-Null
        $path = Join-Path $TestDrive 'scaled.safetensors'
        $verbose = Start-PixelCnnTraining -Model $scaled -Data $train -Epochs 1 -BatchSize 32 -Seed 2 -LabelLearningRateScale 30 -CheckpointPath $path -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") | Should -Match 'label parameters x 30'
        $ratio = (Get-LabelNorm $scaled) / (Get-LabelNorm $plain)
        $ratio | Should -BeGreaterThan 20 -Because 'Adam moves each embedding about lr per step, so 30 times the rate goes about 30 times as far'
        $ratio | Should -BeLessThan 30.01
        $resumed = Import-PixelCnn -Path $path
        $resumed.Schedule.LabelScale | Should -Be 30
        Start-PixelCnnTraining -Model $resumed -Data $train -Epochs 1 -BatchSize 32 | Out-Null
        $resumed.Epoch | Should -Be 2
    }

    It 'refuses it for a model without labels, and a change of Adam''s groups on resume, before training' {
        { Start-PixelCnnTraining -Model $gated -Data $train -LabelLearningRateScale 30 -ErrorAction Stop } |
            Should -Throw -ErrorId 'LabelLearningRateScaleNeedsConditionalModel,PixelCnn.Commands.StartPixelCnnTrainingCommand'
        $epoch = $conditional.Epoch
        { Start-PixelCnnTraining -Model $conditional -Data $train -BatchSize 32 -LabelLearningRateScale 30 -ErrorAction Stop } |
            Should -Throw -ErrorId 'LabelLearningRateScaleChange,PixelCnn.Commands.StartPixelCnnTrainingCommand'
        $conditional.Epoch | Should -Be $epoch
        { Start-PixelCnnTraining -Model $conditional -LabelLearningRateScale 0 -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,PixelCnn.Commands.StartPixelCnnTrainingCommand'
    }
}

Describe 'Gated masks' {
    It '<Shape> type <Type> at <Height>x<Width> is exactly <Expected>' -TestCases @(
        @{ Shape = 'Vertical'; Type = 'A'; Height = 3; Width = 3; Expected = '111|000|000' }
        @{ Shape = 'Vertical'; Type = 'B'; Height = 3; Width = 3; Expected = '111|111|000' }
        @{ Shape = 'Horizontal'; Type = 'A'; Height = 1; Width = 3; Expected = '100' }
        @{ Shape = 'Horizontal'; Type = 'B'; Height = 1; Width = 3; Expected = '110' }
        @{ Shape = 'Vertical'; Type = 'B'; Height = 5; Width = 5; Expected = '11111|11111|11111|00000|00000' }
    ) {
        $mask = $maskType::Create($Shape, $Type, $Height, $Width)
        $rows = foreach ($r in 0..($Height - 1)) { -join (0..($Width - 1) | ForEach-Object { [int]$mask[$r, $_] }) }
        $rows -join '|' | Should -Be $Expected
    }

    It 'the input stacks hide the current pixel (type A); the blocks'' stacks use type B with dilations 1,2,1,4,1,2,1' {
        $layers = @($gated.Network.MaskedConvolutions())
        $layers | Should -HaveCount 16
        $expected = @('conv_vstack:VA/3x3/d1', 'conv_hstack:HA/1x3/d1')
        $i = 0; foreach ($d in 1, 2, 1, 4, 1, 2, 1) { $expected += "conv_layers.$i.conv_vert:VB/3x3/d$d", "conv_layers.$i.conv_horiz:HB/1x3/d$d"; $i++ }
        foreach ($model in $gated, $conditional) {
            @($model.Network.MaskedConvolutions()) | ForEach-Object { '{0}:{1}{2}/{3}x{4}/d{5}' -f $_.Name, $_.Layer.Shape.ToString()[0], $_.Layer.MaskType, $_.Layer.KernelHeight, $_.Layer.KernelSize, $_.Layer.Dilation } |
                Should -Be $expected
        }
        $layers[0].Layer.Mask.shape | Should -Be @(1, 1, 3, 3) -Because 'the UvA tutorial registers masks as [1,1,kh,kw]'
    }
}

Describe 'Causality of the Gated PixelCNN (autograd, eval mode)' {
    It '<Name>: pixel (<Row>,<Column>) depends on no pixel at or after it' -TestCases @(
        foreach ($name in 'gated', 'conditional') {
            foreach ($p in @(@(0, 0), @(0, 1), @(0, 27), @(1, 0), @(14, 14), @(20, 27), @(27, 0), @(27, 27))) {
                @{ Name = $name; Row = $p[0]; Column = $p[1] }
            }
        }
    ) {
        $model = if ($Name -eq 'gated') { $gated } else { $conditional }
        $field = Get-PixelCnnReceptiveField -Model $model -Row $Row -Column $Column
        $field.CausalityViolations | Should -BeNullOrEmpty
        if ($Row -eq 0 -and $Column -eq 0) { $field.Count | Should -Be 0 } else { $field.Count | Should -BeGreaterThan 0 }
    }
}

Describe 'Receptive field of the Gated PixelCNN' {
    It '<Name>: pixel (<Row>,<Column>) sees exactly the set the architecture predicts' -TestCases @(
        foreach ($name in 'gated', 'conditional') {
            foreach ($p in @(@(14, 14), @(5, 20), @(27, 27), @(3, 0))) { @{ Name = $name; Row = $p[0]; Column = $p[1] } }
        }
    ) {
        # The conditional model's label enters every pixel alike, so its field is the unconditional one's.
        $expected = Get-PredictedGatedReceptiveField -Row $Row -Column $Column
        $field = Get-PixelCnnReceptiveField -Model $(if ($Name -eq 'gated') { $gated } else { $conditional }) -Row $Row -Column $Column
        $actual = $field.Pixels | ForEach-Object ToString
        @($actual | Where-Object { -not $expected.Contains($_) }) | Should -BeNullOrEmpty -Because 'no pixel outside the predicted set may influence it'
        @($expected | Where-Object { $_ -notin $actual }) | Should -BeNullOrEmpty -Because 'every predicted pixel must influence it'
    }

    It 'has no blind spot at (14,14): every earlier pixel within 13 rows and 13 columns is seen' {
        $field = Get-PixelCnnReceptiveField -Model $gated -Row 14 -Column 14
        $field.Count | Should -Be (13 * 27 + 13)
        $field.BlindSpot | Should -BeNullOrEmpty
        $field.Contains(13, 27) | Should -BeTrue -Because 'the original PixelCNN cannot see up and to the right; the vertical stack can'
        $field.Contains(4, 27) | Should -BeTrue
        # What it does not see is out of reach: row 0 (14 rows up) and column 0 (14 columns left).
        $field.Unseen | ForEach-Object { $_.Row -eq 0 -or $_.Column -eq 0 } | Should -Not -Contain $false
    }

    It 'the original PixelCNN at (14,14) shows its 55-pixel blind spot' {
        $golden = Import-PixelCnn -Path (Join-Path (Get-RepositoryRoot) 'tests/data/seed-pixelcnn-h16.safetensors') -Device $TestDevice
        $field = Get-PixelCnnReceptiveField -Model $golden -Row 14 -Column 14
        $field.BlindSpot | Should -HaveCount 55
        $field.BlindSpot | ForEach-Object ToString | Should -Contain '(13,18)'
    }

    It 'draws the pixel red, its field white and no blind spot for the Gated model; the PixelCnn''s blind spot orange' {
        $out = Join-Path $TestDrive 'fields'
        New-Item -ItemType Directory -Path $out | Out-Null
        $g = Get-PixelCnnReceptiveField -Model $gated -Row 14 -Column 14 | Export-Png -Path (Join-Path $out 'gated.png')
        $p = Get-PixelCnnReceptiveField -Model (Import-PixelCnn -Path (Join-Path (Get-RepositoryRoot) 'tests/data/seed-pixelcnn-h16.safetensors') -Device $TestDevice) -Row 14 -Column 14 | Export-Png -Path (Join-Path $out 'pixelcnn.png')
        $colour = { param($png, $r, $c) $x = $png.Pixels[$r * 28 + $c]; "$($x.R),$($x.G),$($x.B)" }
        $gp = Read-Png $g.FullName
        & $colour $gp 14 14 | Should -Be '220,30,30'
        & $colour $gp 13 20 | Should -Be '240,240,240'
        @($gp.Pixels | Where-Object { "$($_.R),$($_.G),$($_.B)" -eq '240,140,20' }) | Should -HaveCount 0
        $pp = Read-Png $p.FullName
        & $colour $pp 13 20 | Should -Be '240,140,20'
        @($pp.Pixels | Where-Object { "$($_.R),$($_.G),$($_.B)" -eq '240,140,20' }) | Should -HaveCount 55
    }
}

Describe 'Class-conditional sampling' {
    It 'draws the digits given by -Label, one per image, and -Count follows the labels' {
        $images = Get-PixelCnnSample -Model $conditional -Label 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 -Seed 1
        $images | Should -HaveCount 10
        $images.Label | Should -Be (0..9)
    }

    It 'uses one label for every image' {
        (Get-PixelCnnSample -Model $conditional -Count 3 -Label 7 -Seed 1).Label | Should -Be @(7, 7, 7)
    }

    It 'cycles through the digits without -Label' {
        (Get-PixelCnnSample -Model $conditional -Count 12 -Seed 1 -BatchSize 5).Label | Should -Be (@(0..9) + @(0, 1))
    }

    It 'gives other images for another label with the same seed' {
        $a = Get-PixelCnnSample -Model $conditional -Count 2 -Label 1 -Seed 5
        $b = Get-PixelCnnSample -Model $conditional -Count 2 -Label 8 -Seed 5
        Get-Key $a | Should -Not -Be (Get-Key $b)
    }

    It 'the fast sampler draws what the naive sampler draws (more cases in the xunit GatedCachedSamplerTests)' {
        $fast = Get-PixelCnnSample -Model $conditional -Label 9 -Count 1 -Seed 6
        $naive = Get-PixelCnnSample -Model $conditional -Label 9 -Count 1 -Seed 6 -Sampler Naive
        Get-Key $fast | Should -Be (Get-Key $naive)
        [math]::Abs($fast.LogLikelihood - $naive.LogLikelihood) | Should -BeLessThan 1e-3
    }

    It 'refuses <Case>' -TestCases @(
        @{ Case = 'a label for an unconditional model'; Id = 'LabelNeedsConditionalModel'; Arguments = @{ Model = 'gated'; Label = 1 }
            Message = 'Labels need a class-conditional model; Gated (* is not conditional. Leave out -Label, or use a conditional model (*' }
        @{ Case = 'a label outside the model''s classes'; Id = 'LabelOutOfRange'; Arguments = @{ Model = 'conditional'; Label = 10 }
            Message = '*10*' }
        @{ Case = 'two labels for three images'; Id = 'LabelCountMismatch'; Arguments = @{ Model = 'conditional'; Label = 1, 2; Count = 3 }
            Message = 'Labels are one for every image or one per image: 2 labels for 3 images. Give -Label one label for every image, or one per image.' }
    ) {
        $arguments = $Arguments.Clone()
        $arguments.Model = if ($Arguments.Model -eq 'gated') { $gated } else { $conditional }
        { Get-PixelCnnSample @arguments -ErrorAction Stop } |
            Should -Throw -ErrorId "$Id,PixelCnn.Commands.GetPixelCnnSampleCommand" -ExpectedMessage $Message
    }

    It 'refuses a negative label before it reaches the model, naming the classes' {
        { Get-PixelCnnSample -Model $conditional -Label -1 } | Should -Throw -ErrorId 'LabelOutOfRange,PixelCnn.Commands.GetPixelCnnSampleCommand' -ExpectedMessage "*'-1'*0..9*"
    }
}

Describe 'Guided sampling (-Guidance, -UnconditionalModel)' {
    It 'draws with the fast sampler what the naive sampler draws, and other images than without guidance' {
        $fast = Get-PixelCnnSample -Model $conditional -Label 3, 7 -Seed 9 -Guidance 2 -UnconditionalModel $gated
        $naive = Get-PixelCnnSample -Model $conditional -Label 3, 7 -Seed 9 -Guidance 2 -UnconditionalModel $gated -Sampler Naive
        Get-Key $fast | Should -Be (Get-Key $naive)
        $fast.Label | Should -Be @(3, 7)
        Get-Key $fast | Should -Not -Be (Get-Key (Get-PixelCnnSample -Model $conditional -Label 3, 7 -Seed 9))
        Get-Key (Get-PixelCnnSample -Model $conditional -Label 3, 7 -Seed 9 -Guidance 0 -UnconditionalModel $gated) |
            Should -Be (Get-Key (Get-PixelCnnSample -Model $conditional -Label 3, 7 -Seed 9)) -Because 'weight 0 is plain conditional sampling'
    }

    It 'guides completions too, keeping the known rows' {
        $guided = $test | Select-Object -First 1 | Complete-PixelCnnImage -Model $conditional -Rows 10 -Seed 4 -Guidance 2 -UnconditionalModel $gated
        $plain = $test | Select-Object -First 1 | Complete-PixelCnnImage -Model $conditional -Rows 10 -Seed 4
        ($guided.Pixels | Select-Object -First 280) -join ',' | Should -Be (($test[0].Pixels | Select-Object -First 280) -join ',')
        $guided.Pixels -join ',' | Should -Not -Be ($plain.Pixels -join ',')
    }

    It 'guides by the model''s DefaultGuidance when -Guidance is not given; -Guidance 0 turns it off; checkpoints keep it' {
        $copy = Join-Path $TestDrive 'guided.safetensors'
        $plain = Get-Key (Get-PixelCnnSample -Model $conditional -Label 3, 7 -Seed 9)
        try {
            $conditional.DefaultGuidance = 2
            Get-Key (Get-PixelCnnSample -Model $conditional -Label 3, 7 -Seed 9 -UnconditionalModel $gated) |
                Should -Be (Get-Key (Get-PixelCnnSample -Model $conditional -Label 3, 7 -Seed 9 -Guidance 2 -UnconditionalModel $gated))
            Get-Key (Get-PixelCnnSample -Model $conditional -Label 3, 7 -Seed 9 -Guidance 0) | Should -Be $plain
            Save-PixelCnn -Model $conditional -Path $copy | Out-Null
            (Import-PixelCnn -Path $copy).DefaultGuidance | Should -Be 2
            { $conditional.DefaultGuidance = -1 } | Should -Throw
        }
        finally { $conditional.DefaultGuidance = $null }
        (Import-PixelCnn -Path (Save-PixelCnn -Model $conditional -Path $copy -Force).FullName).DefaultGuidance | Should -BeNullOrEmpty
    }

    It 'guides with the shipped default model when no -UnconditionalModel is given' {
        $verbose = Get-PixelCnnSample -Model $conditional -Label 1 -Count 1 -Seed 2 -Guidance 1 -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | Out-String
        $verbose | Should -Match 'Guiding with the shipped default model Gated \(hidden 64'
        # And it does: the same images as with the default model named, others with another unconditional model.
        $implicit = Get-Key (Get-PixelCnnSample -Model $conditional -Label 1, 4 -Seed 2 -Guidance 1)
        $implicit | Should -Be (Get-Key (Get-PixelCnnSample -Model $conditional -Label 1, 4 -Seed 2 -Guidance 1 -UnconditionalModel (Import-PixelCnn -Name Default -Device $TestDevice)))
        $implicit | Should -Not -Be (Get-Key (Get-PixelCnnSample -Model $conditional -Label 1, 4 -Seed 2 -Guidance 1 -UnconditionalModel $gated))
    }

    It 'guides a model trained with -LabelDropout by itself without a label, exactly in the fast sampler; its checkpoint keeps it' {
        $dropped = New-PixelCnn -Architecture Gated -Conditional -HiddenDim 6 -Device $TestDevice -Seed 5
        $record = Start-PixelCnnTraining -Model $dropped -Data $train -Epochs 1 -BatchSize 32 -Seed 2 -LabelDropout 0.25
        $record.LabelDropout | Should -Be 0.25
        $dropped.LabelDropout | Should -Be 0.25
        $verbose = Get-PixelCnnSample -Model $dropped -Label 1 -Count 1 -Seed 2 -Guidance 1 -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | Out-String
        $verbose | Should -Match 'with its own logits without a label \(it was trained with label dropout 0.25\)'
        $self = Get-Key (Get-PixelCnnSample -Model $dropped -Label 3, 7 -Seed 9 -Guidance 2)
        Get-Key (Get-PixelCnnSample -Model $dropped -Label 3, 7 -Seed 9 -Guidance 2 -Sampler Naive) | Should -Be $self
        $self | Should -Not -Be (Get-Key (Get-PixelCnnSample -Model $dropped -Label 3, 7 -Seed 9 -Guidance 0))
        $self | Should -Not -Be (Get-Key (Get-PixelCnnSample -Model $dropped -Label 3, 7 -Seed 9 -Guidance 2 -UnconditionalModel $gated))
        $copy = Join-Path $TestDrive 'dropped.safetensors'
        $imported = Import-PixelCnn -Path (Save-PixelCnn -Model $dropped -Path $copy).FullName
        $imported.LabelDropout | Should -Be 0.25
        Get-Key (Get-PixelCnnSample -Model $imported -Label 3, 7 -Seed 9 -Guidance 2) | Should -Be $self
    }

    It 'refuses -LabelDropout for a model without labels, before training' {
        $epoch = $gated.Epoch
        { Start-PixelCnnTraining -Model $gated -Data $train -BatchSize 32 -LabelDropout 0.1 -ErrorAction Stop } |
            Should -Throw -ErrorId 'LabelDropoutNeedsConditionalModel,PixelCnn.Commands.StartPixelCnnTrainingCommand' `
                -ExpectedMessage ('Label dropout trains a class-conditional model*takes no labels. Leave out -LabelDropout, ' +
                    'or train a conditional model (New-PixelCnn -Conditional, or -InitializeFrom with -Conditional).')
        $gated.Epoch | Should -Be $epoch
        { Start-PixelCnnTraining -Model $conditional -LabelDropout 1 -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,PixelCnn.Commands.StartPixelCnnTrainingCommand'
    }

    It 'refuses <Case>' -TestCases @(
        @{ Case = 'guidance of an unconditional model'; Id = 'GuidanceNeedsConditionalModel'; Model = 'gated'; Guide = 'gated'
            Message = 'Guidance needs a class-conditional model to guide; Gated (* has no labels. Leave out -Guidance, or use a conditional model (New-PixelCnn -Architecture Gated -Conditional, or the shipped GatedConditional).' }
        @{ Case = 'a conditional model to guide with'; Id = 'GuidanceNeedsUnconditionalModel'; Model = 'conditional'; Guide = 'conditional'
            Message = 'The unconditional model of guidance takes no labels; Gated conditional (* is conditional. Pass -UnconditionalModel a model without labels*' }
        @{ Case = '-UnconditionalModel without -Guidance'; Id = 'GuidanceWeightMissing'; Model = 'conditional'; Guide = 'gated'; NoWeight = $true
            Message = '-UnconditionalModel guides sampling only with -Guidance <weight>.' }
    ) {
        $models = @{ gated = $gated; conditional = $conditional }
        $arguments = @{ Model = $models[$Model]; UnconditionalModel = $models[$Guide]; Count = 1 }
        if (-not $NoWeight) { $arguments.Guidance = 2 }
        { Get-PixelCnnSample @arguments -ErrorAction Stop } |
            Should -Throw -ErrorId "$Id,PixelCnn.Commands.GetPixelCnnSampleCommand" -ExpectedMessage $Message
    }
}

Describe 'Likelihood and distributions of a conditional model use each image''s label' {
    It 'measures a sampled image''s log-likelihood under its own label' {
        $images = Get-PixelCnnSample -Model $conditional -Label 2, 6 -Seed 3
        $measured = $images | Measure-PixelCnnLikelihood -Model $conditional -PerImage
        foreach ($i in 0, 1) {
            [math]::Abs($images[$i].BitsPerDim - $measured[$i].BitsPerDim) | Should -BeLessThan 1e-5
            $measured[$i].Label | Should -Be $images[$i].Label
        }
    }

    It 'measures a dataset with its labels, the same as image by image' {
        $whole = Measure-PixelCnnLikelihood -InputObject $test -Model $conditional
        $each = $test | Measure-PixelCnnLikelihood -Model $conditional
        [math]::Abs($whole.BitsPerDim - $each.BitsPerDim) | Should -BeLessThan 1e-6
        [math]::Abs($whole.BitsPerDim - $conditional.ValidationBpd) | Should -BeLessThan 1e-4 -Because 'training validated on the same six labelled images'
    }

    It 'scores an image under another label with WithLabel, without changing the image' {
        $image = $test[0]
        $other = $image.WithLabel(($image.Label + 1) % 10)
        $other.Label | Should -Be (($image.Label + 1) % 10)
        $image.Label | Should -Be $test.Labels[0]
        ($other.Pixels -join ',') | Should -Be ($image.Pixels -join ',')
        $a = $image | Measure-PixelCnnLikelihood -Model $conditional -PerImage
        $b = $other | Measure-PixelCnnLikelihood -Model $conditional -PerImage
        $a.BitsPerDim | Should -Not -Be $b.BitsPerDim
    }

    It 'stops with LabelRequired for images without a label when the model was not trained with label dropout' {
        $unlabelled = Get-PixelCnnSample -Model $gated -Count 1 -Seed 1
        $conditional.LabelDropout | Should -Be 0
        { $unlabelled | Measure-PixelCnnLikelihood -Model $conditional -ErrorAction Stop } |
            Should -Throw -ErrorId 'LabelRequired,PixelCnn.Commands.MeasurePixelCnnLikelihoodCommand' `
                -ExpectedMessage '*has no label; only a model trained with label dropout knows images without one.*'
        $unlabelled | Get-PixelCnnDistribution -Model $conditional -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $problems[0].FullyQualifiedErrorId | Should -Be 'LabelRequired,PixelCnn.Commands.GetPixelCnnDistributionCommand'
        $unlabelled | Complete-PixelCnnImage -Model $conditional -Rows 14 -ErrorVariable incomplete -ErrorAction SilentlyContinue |
            Should -BeNullOrEmpty
        $incomplete[0].FullyQualifiedErrorId | Should -Be 'LabelRequired,PixelCnn.Commands.CompletePixelCnnImageCommand'
        $incomplete[0].Exception.Message | Should -BeLike '*has no label; pass -Label (only a model trained with label dropout*'
    }

    It 'measures, describes and completes images without a label when the model was trained with label dropout' {
        $dropped = New-PixelCnn -Architecture Gated -Conditional -HiddenDim 6 -Device $TestDevice -Seed 5
        Start-PixelCnnTraining -Model $dropped -Data $train -Epochs 1 -BatchSize 32 -Seed 2 -LabelDropout 0.25 | Out-Null
        $unlabelled = Get-PixelCnnSample -Model $gated -Count 1 -Seed 1
        $unlabelled.Label | Should -BeNullOrEmpty
        $measured = $unlabelled | Measure-PixelCnnLikelihood -Model $dropped -PerImage -ErrorAction Stop
        $measured.Label | Should -BeNullOrEmpty
        # Measured without a label, not under some class: unlike the image under every one of the ten.
        foreach ($label in 0..9) {
            ($unlabelled.WithLabel($label) | Measure-PixelCnnLikelihood -Model $dropped -PerImage).BitsPerDim |
                Should -Not -Be $measured.BitsPerDim
        }
        $records = $unlabelled | Get-PixelCnnDistribution -Model $dropped -ErrorAction Stop
        $records | Should -HaveCount 784
        $nll = ($records | Measure-Object -Property NegativeLogLikelihood -Sum).Sum
        [math]::Abs($nll - $measured.NegativeLogLikelihood) | Should -BeLessThan 1e-2
        $completed = $unlabelled | Complete-PixelCnnImage -Model $dropped -Rows 14 -Seed 3 -Count 2 -ErrorAction Stop
        $completed | Should -HaveCount 2
        foreach ($image in $completed) {
            $image.Label | Should -BeNullOrEmpty
            ($image.Pixels | Select-Object -First 392) -join ',' | Should -Be (($unlabelled.Pixels | Select-Object -First 392) -join ',')
        }
        $labelled = $unlabelled.WithLabel(4) | Complete-PixelCnnImage -Model $dropped -Rows 14 -Seed 3 -Count 2
        ($completed.Pixels -join ',') | Should -Not -Be ($labelled.Pixels -join ',')
    }

    It 'gives 784 distributions for a labelled image, consistent with its likelihood' {
        $image = $test[0]
        $records = $image | Get-PixelCnnDistribution -Model $conditional
        $records | Should -HaveCount 784
        $nll = ($records | Measure-Object -Property NegativeLogLikelihood -Sum).Sum
        $measured = $image | Measure-PixelCnnLikelihood -Model $conditional -PerImage
        [math]::Abs($nll - $measured.NegativeLogLikelihood) | Should -BeLessThan 1e-2
    }
}

Describe 'Gated checkpoints' {
    It 'round-trip a conditional model with its architecture, classes and training state' {
        $path = Join-Path $TestDrive 'conditional.safetensors'
        Save-PixelCnn -Model $conditional -Path $path | Out-Null
        $header = Read-Header $path
        $header.__metadata__['pixelcnn.architecture'] | Should -Be 'Gated'
        $header.__metadata__['pixelcnn.classes'] | Should -Be '10'
        $header.__metadata__['input_scaling'] | Should -Be 'x/255*2-1'
        $header['conv_layers.0.class_cond_vert.weight'].shape | Should -Be @(10, 12)
        $back = Import-PixelCnn -Path $path -Device $TestDevice
        $back.ToString() | Should -Be ($conditional.ToString() -replace 'Training', 'Evaluation')
        $back.Epoch | Should -Be 1
        Get-Key (Get-PixelCnnSample -Model $back -Label 4 -Count 2 -Seed 2) | Should -Be (Get-Key (Get-PixelCnnSample -Model $conditional -Label 4 -Count 2 -Seed 2))
        $b = Start-PixelCnnTraining -Model $back -Data $train -Epochs 1 -BatchSize 32 -Seed 2
        $b.Epoch | Should -Be 2
    }

    It 'refuses a file whose metadata names another architecture' {
        $path = Join-Path $TestDrive 'gated-unconditional.safetensors'
        Save-PixelCnn -Model $gated -Path $path | Out-Null
        $bytes = [System.IO.File]::ReadAllBytes($path)
        $text = [Text.Encoding]::Latin1.GetString($bytes)
        $patched = $text.Replace('"pixelcnn.architecture":"Gated"', '"pixelcnn.architecture":"Other"')
        $patched | Should -Not -Be $text
        $lying = Join-Path $TestDrive 'lying.safetensors'
        [System.IO.File]::WriteAllBytes($lying, [Text.Encoding]::Latin1.GetBytes($patched))
        { Import-PixelCnn -Path $lying -ErrorAction Stop } | Should -Throw -ErrorId 'CheckpointMismatch,PixelCnn.Commands.ImportPixelCnnCommand'
    }
}
