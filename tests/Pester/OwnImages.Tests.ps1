# Your own pictures: Import-PixelCnnDataset, models of any size, named classes, and the shapes example end to end.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:PIXELCNN_TEST_MODULE -Force
    $script:root = Join-Path ([IO.Path]::GetTempPath()) "pixelcnn-own-$PID"
    New-Item -ItemType Directory -Path $root -Force | Out-Null
    function Initialize-TestFolder([string]$Name) { New-Item -ItemType Directory -Path (Join-Path $root $Name) -Force }
    function Get-Failure([scriptblock]$Command) {
        try { & $Command; $null } catch { $_ }
    }
}

AfterAll { Remove-Item -LiteralPath $root -Recurse -Force -ErrorAction SilentlyContinue }

Describe 'Import-PixelCnnDataset' {
    BeforeAll {
        $script:classes = Initialize-TestFolder 'classes'
        New-Item -ItemType Directory -Path (Join-Path $classes 'b-square'), (Join-Path $classes 'a-circle') | Out-Null
        $script:pictures = [ordered]@{
            'a-circle/x.png' = [byte[]](0..11 | ForEach-Object { $_ * 20 })
            'b-square/1.png' = [byte[]](0..11 | ForEach-Object { 255 - $_ })
            'b-square/2.png' = [byte[]](0..11 | ForEach-Object { $_ % 3 * 100 })
        }
        foreach ($name in $pictures.Keys) { Write-Png -Path (Join-Path $classes $name) -Pixels $pictures[$name] -Height 3 -Width 4 }
    }

    It 'reads class folders as labelled greyscale images in the order of their paths, pixels exact' {
        $data = Import-PixelCnnDataset -Path $classes -LabelFromFolder
        $data.Count | Should -Be 3
        "$($data.Shape)" | Should -Be '3x4'
        $data.Name | Should -Be 'classes'
        $data.ClassNames -join ',' | Should -Be 'a-circle,b-square'
        $data.Labels -join ',' | Should -Be '0,1,1'
        $data.LabelCounts -join ',' | Should -Be '1,2'
        $images = @($data)
        foreach ($i in 0..2) {
            $name = @($pictures.Keys)[$i]
            $images[$i].File | Should -Be (Join-Path $classes $name)
            $images[$i].Pixels -join ',' | Should -Be ($pictures[$name] -join ',')
        }
        $images[1].ClassName | Should -Be 'b-square'
        $images[1].ToString() | Should -Be 'classes #1 (label b-square)'
    }

    It 'takes wildcards and Get-ChildItem output, without labels unless asked' {
        $data = Import-PixelCnnDataset (Join-Path $classes 'b-square' '*.png')
        $data.Count | Should -Be 2
        $data.Labels | Should -BeNullOrEmpty
        $data.ClassNames.Count | Should -Be 0
        (Get-ChildItem -Path $classes -Recurse -Filter *.png | Import-PixelCnnDataset).Count | Should -Be 3
    }

    It 'converts colour to BT.709 luma times alpha, and inverts on request' {
        $folder = Initialize-TestFolder 'colour'
        $rgba = [byte[]](255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 128, 255, 255, 255, 0)
        Write-Png -Path (Join-Path $folder 'c.png') -Pixels $rgba -Height 1 -Width 4 -Rgba
        # 0.2126 x 255 = 54.2; 0.7152 x 255 = 182.4; 0.0722 x 255 x 128/255 = 9.2; transparent white = 0.
        (Import-PixelCnnDataset $folder | Select-Object -First 1).Pixels -join ',' | Should -Be '54,182,9,0'
        (Import-PixelCnnDataset $folder -Invert | Select-Object -First 1).Pixels -join ',' | Should -Be '201,73,246,255'
    }

    It 'resizes with -Fit <Fit> to <Expected>' -TestCases @(
        @{ Fit = 'Pad'; Expected = '0,0,0,0|10,20,30,40|10,20,30,40|0,0,0,0' }
        @{ Fit = 'Crop'; Expected = '20,20,30,30|20,20,30,30|20,20,30,30|20,20,30,30' }
        @{ Fit = 'Stretch'; Expected = '10,20,30,40|10,20,30,40|10,20,30,40|10,20,30,40' }
    ) {
        $folder = Initialize-TestFolder "fit-$Fit"
        Write-Png -Path (Join-Path $folder 'wide.png') -Pixels ([byte[]](10, 20, 30, 40, 10, 20, 30, 40)) -Height 2 -Width 4
        $image = Import-PixelCnnDataset $folder -Width 4 -Height 4 -Fit $Fit -Resampling NearestNeighbor |
            Select-Object -First 1
        "$($image.Height)x$($image.Width)" | Should -Be '4x4'
        (0..3 | ForEach-Object { $image.Pixels[($_ * 4)..($_ * 4 + 3)] -join ',' }) -join '|' | Should -Be $Expected
    }

    It 'stops on <Case> with <Id>, naming the file, and returns nothing' -TestCases @(
        @{ Case = 'a file that is not a picture'; Id = 'ImageUnreadable'; Target = 'bad.png' }
        @{ Case = 'pictures of two sizes'; Id = 'MixedImageSizes'; Target = 'z-tall.png' }
        @{ Case = 'a picture too large to model'; Id = 'ImageTooLarge'; Target = 'huge.png' }
        @{ Case = 'a folder without pictures'; Id = 'NoImages'; Target = '' }
        @{ Case = 'a path that does not exist'; Id = 'PathNotFound'; Target = 'missing' }
    ) {
        $folder = Initialize-TestFolder "bad-$Id"
        Write-Png -Path (Join-Path $folder 'a.png') -Pixels ([byte[]]::new(4)) -Height 2 -Width 2
        $path = $folder
        switch ($Id) {
            'ImageUnreadable' { Set-Content -LiteralPath (Join-Path $folder 'bad.png') -Value 'not a picture' }
            'MixedImageSizes' { Write-Png -Path (Join-Path $folder 'z-tall.png') -Pixels ([byte[]]::new(6)) -Height 3 -Width 2 }
            'ImageTooLarge' { Remove-Item (Join-Path $folder 'a.png'); Write-Png -Path (Join-Path $folder 'huge.png') -Pixels ([byte[]]::new(600)) -Height 2 -Width 300 }
            'NoImages' { Remove-Item (Join-Path $folder 'a.png'); Set-Content -LiteralPath (Join-Path $folder 'notes.txt') -Value 'x' }
            'PathNotFound' { $path = Join-Path $folder 'missing' }
        }
        $output = $null
        $failure = Get-Failure { $script:output = Import-PixelCnnDataset -Path $path }
        $failure.FullyQualifiedErrorId | Should -BeLike "$Id,*"
        "$($failure.TargetObject)" | Should -BeLike "*$Target"
        $output | Should -BeNullOrEmpty
    }

    It 'brings a picture too large to model to the size asked for' {
        $folder = Initialize-TestFolder 'large'
        Write-Png -Path (Join-Path $folder 'huge.png') -Pixels ([byte[]]::new(600)) -Height 2 -Width 300
        "$((Import-PixelCnnDataset $folder -Width 10).Shape)" | Should -Be '10x10'
    }

    It 'reads IDX files of another size and more classes with Import-Mnist -Path, and trains a model of that size' {
        $folder = Initialize-TestFolder 'idx'
        $pixels = [byte[]](0..(6 * 32 * 32 - 1) | ForEach-Object { $_ % 251 })
        Write-Idx -Path (Join-Path $folder 't10k-images-idx3-ubyte') -Magic 0x803 -Dimensions 6, 32, 32 -Data $pixels
        Write-Idx -Path (Join-Path $folder 't10k-labels-idx1-ubyte') -Magic 0x801 -Dimensions 6 -Data ([byte[]](0, 25, 3, 3, 12, 1))
        $data = Import-Mnist -Path $folder -Split Test
        "$($data.Shape)" | Should -Be '32x32'
        $data.ClassNames.Count | Should -Be 26
        (@($data)[5].Pixels[0..2]) -join ',' | Should -Be ((@(5120, 5121, 5122) | ForEach-Object { $_ % 251 }) -join ',')
        $record = New-PixelCnn -Architecture Gated -HiddenDim 2 -Height 32 -Width 32 -Seed 1 -Device $TestDevice |
            Start-PixelCnnTraining -Data $data -Epochs 1 -BatchSize 6
        $record.Epoch | Should -Be 1
        [double]::IsFinite($record.TrainBpd) | Should -BeTrue
    }
}

Describe 'A model of any size' {
    It '<Architecture> at 8x12: samples, completions, distributions, likelihoods and receptive fields of its size' -TestCases @(
        @{ Architecture = 'PixelCnn' }, @{ Architecture = 'Gated' }
    ) {
        $model = New-PixelCnn -Architecture $Architecture -HiddenDim 8 -Height 8 -Width 12 -Seed 1 -Device $TestDevice
        "$($model.Shape)" | Should -Be '8x12'
        $cached = Get-PixelCnnSample -Model $model -Count 2 -Seed 4
        $naive = Get-PixelCnnSample -Model $model -Count 2 -Seed 4 -Sampler Naive
        $cached | ForEach-Object { "$($_.Height)x$($_.Width)x$($_.Pixels.Count)" } | Should -Be '8x12x96', '8x12x96'
        ($cached | ForEach-Object { $_.Pixels -join ',' }) | Should -Be ($naive | ForEach-Object { $_.Pixels -join ',' })
        $measured = $cached | Measure-PixelCnnLikelihood -Model $model -PerImage
        foreach ($i in 0, 1) { [math]::Abs($measured[$i].BitsPerDim - $cached[$i].BitsPerDim) | Should -BeLessThan 1e-6 }
        $completion = $cached[0] | Complete-PixelCnnImage -Model $model -Rows 3 -Seed 2
        $completion.Pixels[0..35] -join ',' | Should -Be ($cached[0].Pixels[0..35] -join ',')
        $known = 0..95 | ForEach-Object { $_ % 12 -lt 6 }
        ($cached[0] | Complete-PixelCnnImage -Model $model -Known $known -Seed 2).Pixels.Count | Should -Be 96
        (Get-Failure { $cached[0] | Complete-PixelCnnImage -Model $model -Known $known[0..94] }).FullyQualifiedErrorId |
            Should -BeLike 'KnownMaskSize,*'
        $records = $cached[0] | Get-PixelCnnDistribution -Model $model
        $records.Count | Should -Be 96
        ($records | Measure-Object Row -Maximum).Maximum | Should -Be 7
        ($records | Measure-Object Column -Maximum).Maximum | Should -Be 11
        $field = Get-PixelCnnReceptiveField -Model $model -Row 7 -Column 11
        $field.IsCausal | Should -BeTrue
        $field.Count | Should -BeGreaterThan 0
        (Get-Failure { Get-PixelCnnReceptiveField -Model $model -Row 8 -Column 0 }).FullyQualifiedErrorId |
            Should -BeLike 'PixelOutsideImage,*'
    }

    It 'keeps its size and class names through a checkpoint' {
        $path = Join-Path $root 'sized.safetensors'
        New-PixelCnn -Architecture Gated -HiddenDim 4 -Height 9 -Width 5 -ClassName red, green -Seed 1 -Device $TestDevice |
            Save-PixelCnn -Path $path -Force
        $loaded = Import-PixelCnn -Path $path -Device $TestDevice
        "$($loaded.Shape)" | Should -Be '9x5'
        $loaded.ClassNames -join ',' | Should -Be 'red,green'
        $loaded.ToString() | Should -BeLike 'Gated conditional (9x5, hidden 4,*'
    }

    It 'refuses training images of another size, naming both, and leaves the model as it was' {
        $model = New-PixelCnn -HiddenDim 2 -Height 16 -Width 16 -Seed 1 -Device $TestDevice
        $failure = Get-Failure { Start-PixelCnnTraining -Model $model -Data (Import-Mnist -First 8) -Epochs 1 }
        $failure.FullyQualifiedErrorId | Should -BeLike 'ImageSizeMismatch,*'
        "$failure" | Should -BeLike '*28x28*16x16*'
        $model.Epoch | Should -Be 0
    }
}

Describe 'Named classes' {
    BeforeAll {
        $script:named = New-PixelCnn -Architecture Gated -HiddenDim 4 -Height 6 -Width 6 -ClassName circle, square, 'big cross' -Seed 2 -Device $TestDevice
    }

    It 'takes -Label by name or index, the same images either way, each naming its class' {
        $byName = Get-PixelCnnSample -Model $named -Count 2 -Label square -Seed 3
        $byIndex = Get-PixelCnnSample -Model $named -Count 2 -Label 1 -Seed 3
        ($byName | ForEach-Object { $_.Pixels -join ',' }) | Should -Be ($byIndex | ForEach-Object { $_.Pixels -join ',' })
        $byName.Label | Should -Be 1, 1
        $byName.ClassName | Should -Be 'square', 'square'
        $other = Get-PixelCnnSample -Model $named -Count 2 -Label circle -Seed 3
        ($other | ForEach-Object { $_.Pixels -join ',' }) | Should -Not -Be ($byName | ForEach-Object { $_.Pixels -join ',' })
        (Get-PixelCnnSample -Model $named -Label SQUARE -Seed 3 -Count 1).Label | Should -Be 1
        ($byName[0] | Complete-PixelCnnImage -Model $named -Rows 2 -Label 'big cross' -Seed 1).Label | Should -Be 2
    }

    It 'names the classes when a label is not one of them' {
        $failure = Get-Failure { Get-PixelCnnSample -Model $named -Label triangle }
        $failure.FullyQualifiedErrorId | Should -BeLike 'LabelOutOfRange,*'
        "$failure" | Should -BeLike "*'triangle'*circle, square, big cross*"
        (Get-Failure { Get-PixelCnnSample -Model $named -Label 3 }).FullyQualifiedErrorId | Should -BeLike 'LabelOutOfRange,*'
    }

    It 'completes -Label with the model''s class names, quoted where they need it' {
        $script:completionModel = $named
        $line = 'Get-PixelCnnSample -Model $completionModel -Label '
        $found = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $found -join ',' | Should -Be "circle,square,'big cross'"
        $line = 'Get-PixelCnnSample -Model $completionModel -Label sq'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'square'
    }

    It 'takes its training data''s class names when it has only the digits'' names, and refuses another number' {
        $folder = Initialize-TestFolder 'two'
        foreach ($class in 'dark', 'light') {
            New-Item -ItemType Directory -Path (Join-Path $folder $class) | Out-Null
            $value = if ($class -eq 'dark') { 10 } else { 240 }
            Write-Png -Path (Join-Path $folder $class '1.png') -Pixels ([byte[]]@($value) * 36) -Height 6 -Width 6
        }
        $data = Import-PixelCnnDataset $folder -LabelFromFolder
        $ten = New-PixelCnn -Architecture Gated -HiddenDim 2 -Height 6 -Width 6 -Conditional -Seed 1 -Device $TestDevice
        (Get-Failure { Start-PixelCnnTraining -Model $ten -Data $data -Epochs 1 }).FullyQualifiedErrorId |
            Should -BeLike 'ClassCountMismatch,*'
        $two = New-PixelCnn -Architecture Gated -HiddenDim 2 -Height 6 -Width 6 -ClassName 0, 1 -Seed 1 -Device $TestDevice
        Start-PixelCnnTraining -Model $two -Data $data -Epochs 1 | Out-Null
        $two.ClassNames -join ',' | Should -Be 'dark,light'
        $other = Initialize-TestFolder 'other'
        foreach ($class in 'left', 'right') {
            New-Item -ItemType Directory -Path (Join-Path $other $class) | Out-Null
            Write-Png -Path (Join-Path $other $class '1.png') -Pixels ([byte[]]@(128) * 36) -Height 6 -Width 6
        }
        $fresh = New-PixelCnn -Architecture Gated -HiddenDim 2 -Height 6 -Width 6 -ClassName 0, 1 -Seed 1 -Device $TestDevice
        $validation = Import-PixelCnnDataset $other -LabelFromFolder
        $failure = Get-Failure { Start-PixelCnnTraining -Model $fresh -Data $data -ValidationData $validation -Epochs 1 }
        $failure.FullyQualifiedErrorId | Should -BeLike 'ClassNamesMismatch,*'
        "$failure" | Should -BeLike '*left, right*dark, light*'
        $fresh.ClassNames -join ',' | Should -Be '0,1'
        $fresh.Epoch | Should -Be 0
    }
}

Describe 'examples/Train-Shapes.ps1: pictures of shapes in class folders, a conditional model, samples of each class' {
    BeforeAll {
        $script:run = Join-Path $root 'shapes'
        $script:samples = & (Join-Path (Get-RepositoryRoot) 'examples/Train-Shapes.ps1') -Size 8 -PerClass 150 -Epochs 30 `
            -HiddenDim 32 -SamplesPerClass 10 -OutputFolder $run -ModulePath $env:PIXELCNN_TEST_MODULE -InformationAction Ignore
        $script:data = Import-PixelCnnDataset (Join-Path $run 'pictures') -LabelFromFolder
    }

    It 'writes the pictures in class folders and the judge names every one of them' {
        $data.ClassNames -join ',' | Should -Be 'box,cross,horizontal,vertical'
        $data.LabelCounts -join ',' | Should -Be '150,150,150,150'
        $wrong = @($data | Where-Object { (Get-ShapeClass $_) -ne $data.ClassNames[$_.Label] })
        $wrong.Count | Should -Be 0
        'pictures.png', 'samples.png', 'metrics.csv', 'model.safetensors' | ForEach-Object { Join-Path $run $_ } |
            Test-Path | Should -Be $true, $true, $true, $true
    }

    It 'samples the class asked for: at least 30 of 40, where a model that ignored its label would manage about 10' {
        $samples.Count | Should -Be 40
        $samples.ClassName | Group-Object | ForEach-Object Count | Should -Be 10, 10, 10, 10
        $right = @($samples | Where-Object { (Get-ShapeClass $_) -eq $_.ClassName }).Count
        # The same samples judged against the next class's name: what a label-ignoring model would score.
        $shifted = @($samples | Where-Object { (Get-ShapeClass $_) -eq $data.ClassNames[($_.Label + 1) % 4] }).Count
        $right | Should -BeGreaterOrEqual 30
        $shifted | Should -BeLessOrEqual 10
    }
}
