BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:PIXELCNN_TEST_MODULE -Force
    function Get-ColourCount($png, $r, $g, $b) { @($png.Pixels | Where-Object { $_.R -eq $r -and $_.G -eq $g -and $_.B -eq $b }).Count }
    function Get-MeanRow($png, $r, $g, $b, [int]$FromX, [int]$ToX) {
        $rows = for ($i = 0; $i -lt $png.Pixels.Count; $i++) {
            $p = $png.Pixels[$i]; $x = $i % $png.Width
            if ($x -ge $FromX -and $x -le $ToX -and $p.R -eq $r -and $p.G -eq $g -and $p.B -eq $b) { [math]::Floor($i / $png.Width) }
        }
        ($rows | Measure-Object -Average).Average
    }
}

Describe 'Export-PixelCnnPlot' {
    It 'draws a model''s history: both lines, falling bpd drawn as a line going down' {
        $m = New-PixelCnn -HiddenDim 4 -Device Cpu -Seed 1
        Start-PixelCnnTraining -Model $m -Data (Import-Mnist -First 256) -ValidationData (Import-Mnist -Split Test -First 64) -Epochs 3 -BatchSize 32 -Seed 1 | Out-Null
        $file = $m | Export-PixelCnnPlot -Path (Join-Path $TestDrive 'history.png') -Width 400 -Height 300
        $png = Read-Png $file.FullName
        $png.Width | Should -Be 400
        $png.Height | Should -Be 300
        Get-ColourCount $png 31 119 180 | Should -BeGreaterThan 50 -Because 'the training line is blue'
        Get-ColourCount $png 255 127 14 | Should -BeGreaterThan 50 -Because 'the validation line is orange'
        # The training bpd falls, so its line is lower on the right (larger row numbers are lower on the image).
        $left = Get-MeanRow $png 31 119 180 50 90
        $right = Get-MeanRow $png 31 119 180 340 385
        $right | Should -BeGreaterThan $left
    }

    It 'draws a metrics CSV written from the epoch records' {
        $m = New-PixelCnn -HiddenDim 3 -Device Cpu -Seed 2
        $csv = Join-Path $TestDrive 'metrics.csv'
        Start-PixelCnnTraining -Model $m -Data (Import-Mnist -First 128) -Epochs 2 -BatchSize 64 | Export-Csv -Path $csv
        $file = Import-Csv $csv | Export-PixelCnnPlot -Path (Join-Path $TestDrive 'csv.png')
        $png = Read-Png $file.FullName
        $png.Width | Should -Be 640
        Get-ColourCount $png 31 119 180 | Should -BeGreaterThan 50
        Get-ColourCount $png 255 127 14 | Should -Be 0 -Because 'there was no validation data'
    }

    It 'refuses to draw nothing and keeps existing files' {
        $fresh = New-PixelCnn -HiddenDim 2 -Device Cpu
        { $fresh | Export-PixelCnnPlot -Path (Join-Path $TestDrive 'none.png') } | Should -Throw -ErrorId 'NoHistory,PixelCnn.Commands.ExportPixelCnnPlotCommand'
        $path = Join-Path $TestDrive 'keep.png'
        Set-Content $path 'keep'
        $record = [pscustomobject]@{ Epoch = 1; TrainBpd = 2.0; ValidationBpd = 1.9 }
        { $record | Export-PixelCnnPlot -Path $path } | Should -Throw -ErrorId 'FileExists,PixelCnn.Commands.ExportPixelCnnPlotCommand'
        Get-Content $path | Should -Be 'keep'
    }
}
