BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:PIXELCNN_TEST_MODULE -Force
    $script:model = New-PixelCnn -HiddenDim 4 -Device $TestDevice -Seed 12
    $script:digits = Import-Mnist -Split Test -First 2
}

# Ctrl+C (PowerShell's StopProcessing) ends each long-running cmdlet between two steps of its work: the tests stop a
# run once its progress or output shows that work is under way, and check that it ends, early, with what it made whole.
Describe 'Ctrl+C' {
    It 'stops Start-PixelCnnTraining within the epoch it is in, after the batches it ran' {
        # 1,000 epochs of 512 batches: however fast the device, the stop lands long before the end (no timing assumed).
        $m = New-PixelCnn -HiddenDim 4 -Device $TestDevice -Seed 5
        $data = Import-Mnist -Split Train -First 4096
        $run = Invoke-InterruptedRun -Script 'param($module, $model, $data) Import-Module $module; Start-PixelCnnTraining -Model $model -Data $data -Epochs 1000 -BatchSize 8' `
            -ArgumentList $env:PIXELCNN_TEST_MODULE, $m, $data -Until {
                param($progress) @($progress | Where-Object { $_.StatusDescription -match 'batch (\d+) of 512' -and [int]$Matches[1] -ge 3 }).Count -gt 0
            }
        $run.Seen | Should -BeTrue -Because "three batches should have run; errors: $($run.Errors -join '; ')"
        $run.Stopped | Should -BeTrue
        $run.State | Should -Be 'Stopped'
        $m.Epoch | Should -BeLessThan 1000 -Because 'the stop ended the run'
        $m.History | Should -HaveCount $m.Epoch -Because 'the epoch it stopped in is not recorded: only whole epochs count'
        @($run.Output) | Should -HaveCount $m.Epoch -Because 'one record per finished epoch reached the pipeline'
        $m.Mode | Should -Be 'Evaluation'
        ($digits | Measure-PixelCnnLikelihood -Model $m).BitsPerDim | Should -BeGreaterThan 0
    }

    It 'stops Get-PixelCnnSample between batches, with the images drawn so far whole' {
        $run = Invoke-InterruptedRun -Script 'param($module, $model) Import-Module $module; Get-PixelCnnSample -Model $model -Count 200 -BatchSize 1 -Seed 1' `
            -ArgumentList $env:PIXELCNN_TEST_MODULE, $model -Until { param($progress, $output) $output.Count -ge 1 }
        $run.Seen | Should -BeTrue -Because "errors: $($run.Errors -join '; ')"
        $run.Stopped | Should -BeTrue
        $run.State | Should -Be 'Stopped'
        $run.Output.Count | Should -BeGreaterOrEqual 1
        $run.Output.Count | Should -BeLessThan 200
        $run.Output | ForEach-Object { $_.Pixels | Should -HaveCount 784 }
        $first = Get-PixelCnnSample -Model $model -Count 1 -BatchSize 1 -Seed 1
        $run.Output[0].Pixels -join ',' | Should -Be ($first.Pixels -join ',') -Because 'the images before the stop are the ones an unstopped run draws'
    }

    It 'stops Complete-PixelCnnImage between batches' {
        $run = Invoke-InterruptedRun -Script 'param($module, $model, $digits) Import-Module $module; $digits | Complete-PixelCnnImage -Model $model -Rows 4 -Count 100 -BatchSize 1 -Seed 2' `
            -ArgumentList $env:PIXELCNN_TEST_MODULE, $model, $digits -Until { param($progress, $output) $output.Count -ge 1 }
        $run.Seen | Should -BeTrue -Because "errors: $($run.Errors -join '; ')"
        $run.Stopped | Should -BeTrue
        $run.State | Should -Be 'Stopped'
        $run.Output.Count | Should -BeLessThan 200
        ($run.Output[0].Pixels | Select-Object -First (4 * 28)) -join ',' | Should -Be (($digits[0].Pixels | Select-Object -First (4 * 28)) -join ',')
    }

    It 'stops Measure-PixelCnnLikelihood between batches' {
        $test = Import-Mnist -Split Test
        # It measures the images as they stream in, a batch at a time, and writes each image's record at once.
        $run = Invoke-InterruptedRun -Script 'param($module, $model, $test) Import-Module $module; $test | Measure-PixelCnnLikelihood -Model $model -PerImage -BatchSize 4' `
            -ArgumentList $env:PIXELCNN_TEST_MODULE, $model, $test -Until { param($progress, $output) $output.Count -ge 8 }
        $run.Seen | Should -BeTrue -Because "errors: $($run.Errors -join '; ')"
        $run.Stopped | Should -BeTrue
        $run.State | Should -Be 'Stopped'
        $run.Output.Count | Should -BeLessThan 10000
    }

    It 'stops Import-Mnist -Download while the server sends nothing, leaving no partial file' {
        # A listener that accepts connections (the kernel queues them) and never answers.
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try {
            $folder = Join-Path $TestDrive 'stalled'
            $run = Invoke-InterruptedRun -Script 'param($module, $folder, $uri) Import-Module $module; Import-Mnist -Split Test -Path $folder -Download -MirrorUri $uri' `
                -ArgumentList $env:PIXELCNN_TEST_MODULE, $folder, "http://127.0.0.1:$($listener.LocalEndpoint.Port)/" -Until { $listener.Pending() } -StopSeconds 30
            $run.Seen | Should -BeTrue -Because "the download should have connected; errors: $($run.Errors -join '; ')"
            $run.Stopped | Should -BeTrue -Because 'the stop cancels the request instead of waiting for the server'
            $run.State | Should -Be 'Stopped'
            @(Get-ChildItem -LiteralPath $folder -File -Force -ErrorAction SilentlyContinue).Count | Should -Be 0
        }
        finally { $listener.Stop() }
    }
}
