BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:PIXELCNN_TEST_MODULE -Force
    $script:digits = Import-Mnist -Split Test -First 6
}

Describe 'Export-Png' {
    BeforeEach {
        $script:out = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $out | Out-Null
    }

    It 'writes one file per image with a {0} pattern, pixel for pixel' {
        $files = $digits | Select-Object -First 3 | Export-Png -Path (Join-Path $out 'digit-{0}.png')
        $files | Should -HaveCount 3
        $files[0] | Should -BeOfType [System.IO.FileInfo]
        $files.Name | Should -Be @('digit-0.png', 'digit-1.png', 'digit-2.png')
        foreach ($i in 0..2) {
            $png = Read-Png $files[$i].FullName
            $png.Width | Should -Be 28
            $png.Height | Should -Be 28
            $source = $digits[$i].Pixels
            $mismatch = 0
            for ($p = 0; $p -lt 784; $p++) { if ($png.Pixels[$p].R -ne $source[$p] -or $png.Pixels[$p].G -ne $source[$p]) { $mismatch++ } }
            $mismatch | Should -Be 0
        }
    }

    It 'tiles a grid with -Columns, -Scale and -Padding, each tile equal to its source' {
        $file = Import-Mnist -Split Test -First 6 | Export-Png -Path (Join-Path $out 'grid.png') -Grid -Columns 3 -Scale 2 -Padding 1
        $png = Read-Png $file.FullName
        $png.Width | Should -Be (3 * 56 + 4)
        $png.Height | Should -Be (2 * 56 + 3)
        $png.Pixels[0].R | Should -Be 128 -Because 'the padding is grey'
        $mismatch = 0
        foreach ($i in 0..5) {
            $left = 1 + ($i % 3) * 57; $top = 1 + [math]::Floor($i / 3) * 57
            foreach ($y in 0..55) {
                foreach ($x in 0..55) {
                    $expected = $digits[$i].Pixels[[math]::Floor($y / 2) * 28 + [math]::Floor($x / 2)]
                    if ($png.Pixels[($top + $y) * $png.Width + $left + $x].R -ne $expected) { $mismatch++ }
                }
            }
        }
        $mismatch | Should -Be 0
    }

    It 'expands a whole dataset from the pipeline into a default square grid' {
        $file = Import-Mnist -Split Test -First 16 | Export-Png -Path (Join-Path $out 'sixteen.png') -Grid -Padding 0
        $png = Read-Png $file.FullName
        $png.Width | Should -Be (4 * 28)
        $png.Height | Should -Be (4 * 28)
    }

    It 'without -Path writes pixelcnn-NNNN.png files into the current location' {
        Push-Location $out
        try {
            $files = Import-Mnist -Split Test -First 2 | Export-Png
            $files.Name | Should -Be @('pixelcnn-0000.png', 'pixelcnn-0001.png')
            $files[0].DirectoryName | Should -Be $out
        }
        finally { Pop-Location }
    }

    It 'resolves a relative -Path against the PowerShell location' {
        Push-Location $out
        try {
            $file = $digits | Select-Object -First 1 | Export-Png -Path 'one.png'
            $file.FullName | Should -Be (Join-Path $out 'one.png')
        }
        finally { Pop-Location }
    }

    It 'writes nothing with -WhatIf' {
        $digits | Export-Png -Path (Join-Path $out 'w-{0}.png') -WhatIf | Should -BeNullOrEmpty
        @(Get-ChildItem $out -Force).Count | Should -Be 0
    }

    It 'does not overwrite an existing file without -Force, and does with it' {
        $path = Join-Path $out 'keep.png'
        Set-Content -LiteralPath $path -Value 'precious'
        $digits | Select-Object -First 1 | Export-Png -Path $path -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $problems[0].FullyQualifiedErrorId | Should -Be 'FileExists,PixelCnn.Commands.ExportPngCommand'
        Get-Content -LiteralPath $path | Should -Be 'precious'
        $file = $digits | Select-Object -First 1 | Export-Png -Path $path -Force
        (Read-Png $file.FullName).Width | Should -Be 28
    }

    It 'refuses several images for one file name and writes nothing' {
        $err = { $digits | Export-Png -Path (Join-Path $out 'same.png') } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'AmbiguousPath,PixelCnn.Commands.ExportPngCommand'
        @(Get-ChildItem $out -Force).Count | Should -Be 0
    }

    It 'reports objects it cannot draw' {
        'text' | Export-Png -Path (Join-Path $out 'x.png') -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].FullyQualifiedErrorId | Should -Be 'UnsupportedInput,PixelCnn.Commands.ExportPngCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidType'
    }

    It 'leaves no temporary file behind when the folder does not exist' {
        $digits | Select-Object -First 1 | Export-Png -Path (Join-Path $out 'missing/x.png') -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].FullyQualifiedErrorId | Should -Be 'FolderNotFound,PixelCnn.Commands.ExportPngCommand'
        @(Get-ChildItem $out -Recurse -Force).Count | Should -Be 0
    }

    It 'draws a receptive field in colour' {
        $m = New-PixelCnn -HiddenDim 4 -Device $TestDevice -Seed 1
        $file = Get-PixelCnnReceptiveField -Model $m -Row 14 -Column 14 | Export-Png -Path (Join-Path $out 'field.png') -Scale 4
        $png = Read-Png $file.FullName
        $png.Width | Should -Be 112
        $centre = $png.Pixels[(14 * 4) * 112 + 14 * 4]
        "$($centre.R),$($centre.G),$($centre.B)" | Should -Be '220,30,30'
    }
}
