BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:PIXELCNN_TEST_MODULE -Force
    $script:model = New-PixelCnn -HiddenDim 4 -Device $TestDevice -Seed 21
    Start-PixelCnnTraining -Model $model -Data (Import-Mnist -First 128) -Epochs 1 -BatchSize 64 -Seed 1 | Out-Null
    $script:test = Import-Mnist -Split Test -First 3
    $script:records = $test | Select-Object -First 1 | Get-PixelCnnDistribution -Model $model
}

Describe 'Get-PixelCnnDistribution' {
    It 'emits 784 records per image, in raster order' {
        $records | Should -HaveCount 784
        $records[0].Row | Should -Be 0
        $records[0].Column | Should -Be 0
        $records[29].Row | Should -Be 1
        $records[29].Column | Should -Be 1
        ($test | Get-PixelCnnDistribution -Model $model | Measure-Object).Count | Should -Be (3 * 784)
    }

    It 'gives distributions that sum to 1 and consistent statistics' {
        foreach ($r in $records | Select-Object -First 40) {
            $p = [double[]]$r.Probabilities
            $p.Count | Should -Be 256
            [math]::Abs(($p | Measure-Object -Sum).Sum - 1) | Should -BeLessThan 1e-4
            $r.Value | Should -Be $test[0].Pixels[$r.Row * 28 + $r.Column]
            [math]::Abs($r.Probability - $p[$r.Value]) | Should -BeLessThan 1e-6
            [math]::Abs($r.NegativeLogLikelihood + [math]::Log($r.Probability)) | Should -BeLessThan 1e-6
            $r.MostLikely | Should -Be ([array]::IndexOf($p, ($p | Measure-Object -Maximum).Maximum))
            $expected = 0.0; for ($v = 0; $v -lt 256; $v++) { $expected += $v * $p[$v] }
            [math]::Abs($r.Expected - $expected) | Should -BeLessThan 1e-3
            $r.Entropy | Should -BeGreaterOrEqual 0
            $r.Entropy | Should -BeLessOrEqual 8.0001
        }
    }

    It 'adds up to the image''s negative log-likelihood from Measure-PixelCnnLikelihood' {
        $sum = ($records | Measure-Object -Property NegativeLogLikelihood -Sum).Sum
        $measured = $test | Select-Object -First 1 | Measure-PixelCnnLikelihood -Model $model -PerImage
        [math]::Abs($sum - $measured.NegativeLogLikelihood) | Should -BeLessThan 1e-2
    }

    It 'sorts by entropy as the README shows: the first is the most uncertain pixel by its own probabilities' {
        $top = $records | Sort-Object Entropy -Descending | Select-Object -First 5
        $top | Should -HaveCount 5
        $top[0].Entropy | Should -BeGreaterOrEqual $top[4].Entropy
        $entropy = { param($r) $h = 0.0; foreach ($p in $r.Probabilities) { if ($p -gt 0) { $h -= $p * [math]::Log($p, 2) } }; $h }
        $computed = @($records | ForEach-Object { & $entropy $_ })
        # Every record's Entropy is its own distribution's, so sorting by it orders the pixels by their uncertainty.
        for ($i = 0; $i -lt $records.Count; $i++) { [math]::Abs($records[$i].Entropy - $computed[$i]) | Should -BeLessThan 1e-3 }
        $largest = ($computed | Measure-Object -Maximum).Maximum
        [math]::Abs($top[0].Entropy - $largest) | Should -BeLessThan 1e-3
        $top[0].Entropy | Should -BeGreaterThan ($records | Measure-Object -Property Entropy -Average).Average -Because 'the entropies differ from pixel to pixel'
    }

    It 'draws heat maps of <Map> with Export-Png' -TestCases @(@{ Map = 'Entropy' }, @{ Map = 'NegativeLogLikelihood' }, @{ Map = 'Probability' }) {
        $files = $test | Select-Object -First 2 | Get-PixelCnnDistribution -Model $model |
            Export-Png -Path (Join-Path $TestDrive "$Map-{0}.png") -Map $Map -Scale 2
        $files | Should -HaveCount 2
        $png = Read-Png $files[0].FullName
        $png.Width | Should -Be 56
        $colours = $png.Pixels | ForEach-Object { "$($_.R),$($_.G),$($_.B)" } | Sort-Object -Unique
        $colours.Count | Should -BeGreaterThan 1
        @($png.Pixels | Where-Object { $_.R -ne $_.G -or $_.G -ne $_.B }).Count | Should -BeGreaterThan 0 -Because 'a heat map is in colour'
    }
}

Describe 'Measure-PixelCnnLikelihood' {
    It 'gives the same bits per dimension for a dataset and for its images streamed one by one' {
        $data = Import-Mnist -Split Test -First 20
        $whole = $data | Measure-PixelCnnLikelihood -Model $model -BatchSize 7
        $streamed = @($data) | ForEach-Object { $_ } | Measure-PixelCnnLikelihood -Model $model -BatchSize 6
        $whole.Images | Should -Be 20
        [math]::Abs($whole.BitsPerDim - $streamed.BitsPerDim) | Should -BeLessThan 1e-6
        [math]::Abs($whole.BitsPerDim - $whole.NatsPerPixel / [math]::Log(2)) | Should -BeLessThan 1e-9
        [math]::Abs($whole.NegativeLogLikelihood - $whole.NatsPerPixel * 784) | Should -BeLessThan 1e-6
    }

    It 'emits one record per image with -PerImage, with index and label' {
        $per = Import-Mnist -Split Test -First 3 | Measure-PixelCnnLikelihood -Model $model -PerImage
        $per | Should -HaveCount 3
        $per.Index | Should -Be @(0, 1, 2)
        $per.Label | Should -Be @(7, 2, 1)
        $per[0].Scope | Should -Be 'Image'
    }
}
