BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:PIXELCNN_TEST_MODULE -Force
    function Get-ColourCount($png, $r, $g, $b) { [PixelCnnTests.PngReader]::IndicesOf($png.Pixels, $r, $g, $b).Length }
    # The pixels of one colour as (x, y) points.
    function Get-ColourPoint($png, $r, $g, $b) {
        foreach ($i in [PixelCnnTests.PngReader]::IndicesOf($png.Pixels, $r, $g, $b)) { [pscustomobject]@{ X = $i % $png.Width; Y = [math]::Floor($i / $png.Width) } }
    }
}

Describe 'Export-PixelCnnPlot' {
    It 'draws a model''s history: both lines, falling bpd drawn as a line going down' {
        $m = New-PixelCnn -HiddenDim 4 -Device $TestDevice -Seed 1
        Start-PixelCnnTraining -Model $m -Data (Import-Mnist -First 256) -ValidationData (Import-Mnist -Split Test -First 64) -Epochs 3 -BatchSize 32 -Seed 1 | Out-Null
        $file = $m | Export-PixelCnnPlot -Path (Join-Path $TestDrive 'history.png') -Width 400 -Height 300
        $png = Read-Png $file.FullName
        $png.Width | Should -Be 400
        $png.Height | Should -Be 300
        Get-ColourCount $png 31 119 180 | Should -BeGreaterThan 50 -Because 'the training line is blue'
        Get-ColourCount $png 255 127 14 | Should -BeGreaterThan 50 -Because 'the validation line is orange'
        # The training bpd falls, so its line is lower on the right (larger row numbers are lower on the image):
        # compare the mean row of the line's left and right fifths (the legend's short blue sample sits top right,
        # above the line's right end, so it can only work against this).
        $blue = @(Get-ColourPoint $png 31 119 180)
        $from = ($blue.X | Measure-Object -Minimum).Minimum; $to = ($blue.X | Measure-Object -Maximum).Maximum
        $fifth = ($to - $from) / 5
        $left = ($blue | Where-Object X -LE ($from + $fifth) | Measure-Object -Property Y -Average).Average
        $right = ($blue | Where-Object X -GE ($to - $fifth) | Where-Object Y -GT ($png.Height / 3) | Measure-Object -Property Y -Average).Average
        $right | Should -BeGreaterThan ($left + 20)
    }

    It 'draws a metrics CSV written from the epoch records' {
        $m = New-PixelCnn -HiddenDim 3 -Device $TestDevice -Seed 2
        $csv = Join-Path $TestDrive 'metrics.csv'
        Start-PixelCnnTraining -Model $m -Data (Import-Mnist -First 128) -Epochs 2 -BatchSize 64 | Export-Csv -Path $csv
        $file = Import-Csv $csv | Export-PixelCnnPlot -Path (Join-Path $TestDrive 'csv.png')
        $png = Read-Png $file.FullName
        $png.Width | Should -Be 640
        Get-ColourCount $png 31 119 180 | Should -BeGreaterThan 50
        Get-ColourCount $png 255 127 14 | Should -Be 0 -Because 'there was no validation data'
    }

    It 'draws several runs in one chart, each in its own colours, and names rows by their Run property' {
        $rows = foreach ($run in 'a', 'b') {
            foreach ($epoch in 1..4) { [pscustomobject]@{ Run = $run; Epoch = $epoch; TrainBpd = 2.0 - $epoch / 10 + $(if ($run -eq 'b') { 0.3 } else { 0 }); ValidationBpd = 1.9 - $epoch / 10 - $(if ($run -eq 'b') { 0.4 } else { 0 }) } }
        }
        $png = Read-Png ($rows | Export-PixelCnnPlot -Path (Join-Path $TestDrive 'runs.png')).FullName
        foreach ($colour in @(31, 119, 180), @(255, 127, 14), @(44, 160, 44), @(214, 39, 40)) {
            Get-ColourCount $png @colour | Should -BeGreaterThan 50 -Because "line colour $colour belongs to one of the four lines"
        }
        Get-ColourCount $png 148 103 189 | Should -Be 0 -Because 'there are only four lines'
        # Without a Run property the rows are one run: two colours.
        $one = $rows | Select-Object Epoch, TrainBpd, ValidationBpd | Where-Object Epoch -LE 4 | Select-Object -First 4
        $png = Read-Png ($one | Export-PixelCnnPlot -Path (Join-Path $TestDrive 'one.png') -Name only).FullName
        Get-ColourCount $png 44 160 44 | Should -Be 0
    }

    It 'takes a title: only the band above the plot changes' {
        $rows = 1..3 | ForEach-Object { [pscustomobject]@{ Epoch = $_; TrainBpd = 2.0 / $_ } }
        $a = Read-Png ($rows | Export-PixelCnnPlot -Path (Join-Path $TestDrive 'a.png') -Title 'First title').FullName
        $b = Read-Png ($rows | Export-PixelCnnPlot -Path (Join-Path $TestDrive 'b.png') -Title 'Another, longer title').FullName
        $changed = @([PixelCnnTests.PngReader]::Differences($a.Pixels, $b.Pixels) | ForEach-Object { [math]::Floor($_ / $a.Width) })
        $changed.Count | Should -BeGreaterThan 100 -Because 'the title is drawn'
        ($changed | Measure-Object -Maximum).Maximum | Should -BeLessThan 40 -Because 'only the title band differs'
    }

    It 'refuses to draw nothing and keeps existing files' {
        $fresh = New-PixelCnn -HiddenDim 2 -Device $TestDevice
        { $fresh | Export-PixelCnnPlot -Path (Join-Path $TestDrive 'none.png') } | Should -Throw -ErrorId 'NoHistory,PixelCnn.Commands.ExportPixelCnnPlotCommand'
        $path = Join-Path $TestDrive 'keep.png'
        Set-Content $path 'keep'
        $record = [pscustomobject]@{ Epoch = 1; TrainBpd = 2.0; ValidationBpd = 1.9 }
        { $record | Export-PixelCnnPlot -Path $path } | Should -Throw -ErrorId 'FileExists,PixelCnn.Commands.ExportPixelCnnPlotCommand'
        Get-Content $path | Should -Be 'keep'
    }
}
