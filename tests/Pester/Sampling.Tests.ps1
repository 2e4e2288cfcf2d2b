BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:PIXELCNN_TEST_MODULE -Force
    $script:model = New-PixelCnn -HiddenDim 4 -Device $TestDevice -Seed 11
    Start-PixelCnnTraining -Model $model -Data (Import-Mnist -First 128) -Epochs 1 -BatchSize 64 -Seed 1 | Out-Null
    function Get-Key($images) { ($images | ForEach-Object { $_.Pixels -join ',' }) -join '|' }
}

Describe 'Get-PixelCnnSample' {
    It 'draws the same images for the same seed, whatever the batch size' {
        $a = Get-PixelCnnSample -Model $model -Count 3 -Seed 7 -BatchSize 3
        $b = Get-PixelCnnSample -Model $model -Count 3 -Seed 7 -BatchSize 2
        $c = Get-PixelCnnSample -Model $model -Count 3 -Seed 8 -BatchSize 3
        Get-Key $a | Should -Be (Get-Key $b)
        Get-Key $a | Should -Not -Be (Get-Key $c)
    }

    It 'emits image objects with index, seed, 784 pixels and their own log-likelihood' {
        $images = Get-PixelCnnSample -Model $model -Count 2 -Seed 3
        $images | Should -HaveCount 2
        $images[0].GetType().Name | Should -Be 'PixelCnnImage'
        $images.Index | Should -Be @(0, 1)
        $images[0].Seed | Should -Be 3
        $images[0].Source | Should -Be 'Sample'
        $images[0].Pixels.Count | Should -Be 784
        # Its value is checked against Measure-PixelCnnLikelihood in the next test.
        $images.LogLikelihood | Should -HaveCount 2
    }

    It 'reports a log-likelihood equal to what Measure-PixelCnnLikelihood measures for the image' {
        $images = Get-PixelCnnSample -Model $model -Count 2 -Seed 5
        $measured = $images | Measure-PixelCnnLikelihood -Model $model -PerImage
        foreach ($i in 0..1) {
            [math]::Abs(-$images[$i].LogLikelihood - $measured[$i].NegativeLogLikelihood) | Should -BeLessThan 1e-2
            [math]::Abs($images[$i].BitsPerDim - $measured[$i].BitsPerDim) | Should -BeLessThan 1e-5
        }
    }

    It 'uses the session''s current model without -Model, and an explicit -Model wins' {
        $other = New-PixelCnn -HiddenDim 4 -Device $TestDevice -Seed 12     # now the current model
        $current = Get-PixelCnnSample -Count 1 -Seed 4
        $explicit = Get-PixelCnnSample -Model $model -Count 1 -Seed 4
        $fromOther = Get-PixelCnnSample -Model $other -Count 1 -Seed 4
        Get-Key $current | Should -Be (Get-Key $fromOther)
        Get-Key $explicit | Should -Not -Be (Get-Key $current)
        $piped = $model | Get-PixelCnnSample -Count 1 -Seed 4
        Get-Key $piped | Should -Be (Get-Key $explicit)
    }

    It 'sharpens with a lower temperature' {
        $cold = Get-PixelCnnSample -Model $model -Count 2 -Seed 9 -Temperature 0.05
        $warm = Get-PixelCnnSample -Model $model -Count 2 -Seed 9 -Temperature 1
        Get-Key $cold | Should -Not -Be (Get-Key $warm)
        ($cold.LogLikelihood | Measure-Object -Sum).Sum | Should -BeGreaterThan ($warm.LogLikelihood | Measure-Object -Sum).Sum
    }

    It 'streams the images of a batch before later batches are drawn' {
        # Each drawn batch crosses to the host once (HostTransfer lists the crossings of this thread): the first two
        # images must reach the pipeline after one crossing, before the second batch is drawn.
        $hostTransfer = (Get-Command Get-PixelCnnSample).OutputType[0].Type.Assembly.GetType('PixelCnn.Devices.HostTransfer')   # the core library's
        $recording = $hostTransfer::Record()
        try {
            $seen = [System.Collections.Generic.List[string]]::new()
            $batches = { @($recording.Crossings | Where-Object { $_ -eq 'sampled batch' }).Count }   # (mask checks cross too)
            Get-PixelCnnSample -Model $model -Count 4 -BatchSize 2 -Seed 1 | ForEach-Object { $seen.Add("$($_.Index):$(& $batches)") }
        }
        finally { $recording.Dispose() }
        $seen | Should -Be @('0:1', '1:1', '2:2', '3:2')
    }

    It 'draws identical images with the cached sampler (the default) and -Sampler Naive' {
        $cached = Get-PixelCnnSample -Model $model -Count 2 -Seed 13
        $naive = Get-PixelCnnSample -Model $model -Count 2 -Seed 13 -Sampler Naive
        Get-Key $cached | Should -Be (Get-Key $naive)
        [math]::Abs($cached[0].LogLikelihood - $naive[0].LogLikelihood) | Should -BeLessThan 1e-3
    }

    It 'feeds Export-Png' {
        $file = Get-PixelCnnSample -Model $model -Count 4 -Seed 2 | Export-Png -Path (Join-Path $TestDrive 'samples.png') -Grid
        (Read-Png $file.FullName).Width | Should -Be (2 * 28 + 3 * 2)
    }
}

Describe 'Progress bars' {
    BeforeAll {
        # Runs the command (with the model as $m) in a new runspace through the PowerShell API, whose progress stream
        # keeps every record (a nested pipeline in the current runspace would send them to the host instead).
        function Get-ProgressRecord([string]$Command, $Model) {
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddScript('param($m) Import-Module $env:PIXELCNN_TEST_MODULE; ' + $Command).AddArgument($Model)
                $null = $ps.Invoke()
                $ps.HadErrors | Should -BeFalse
                @($ps.Streams.Progress)
            }
            finally {
                $ps.Dispose()
            }
        }
    }

    It '<Name> shows the time left on every update, ends at 100% and removes its bar' -ForEach @(
        @{ Name = 'Get-PixelCnnSample'; Activity = 'Sampling 2 PixelCNN images'; Command = 'Get-PixelCnnSample -Model $m -Count 2 -Seed 1 | Out-Null' }
        @{ Name = 'Complete-PixelCnnImage'; Activity = 'Completing image 0'; Command = 'Import-Mnist -Split Test -First 1 | Complete-PixelCnnImage -Model $m -Count 2 -Seed 1 | Out-Null' }
        @{ Name = 'Measure-PixelCnnLikelihood'; Activity = 'Measuring PixelCNN likelihood'; Command = 'Import-Mnist -Split Test -First 8 | Measure-PixelCnnLikelihood -Model $m -BatchSize 2 | Out-Null' }
        @{ Name = 'Start-PixelCnnTraining'; Activity = 'Training PixelCNN (hidden 4)'; Command = 'Start-PixelCnnTraining -Model $m -Data (Import-Mnist -First 64) -Epochs 2 -BatchSize 32 -Seed 1 | Out-Null' }
    ) {
        $copy = New-PixelCnn -HiddenDim 4 -Device $TestDevice -Seed 11
        $records = Get-ProgressRecord $Command $copy

        $records.Count | Should -BeGreaterThan 2
        $records.Activity | Select-Object -Unique | Should -Be $Activity
        $updates = $records | Where-Object RecordType -EQ 'Processing'
        $updates.Count | Should -BeGreaterThan 1
        $updates | ForEach-Object { $_.SecondsRemaining | Should -BeGreaterOrEqual 0 }
        $updates[-1].PercentComplete | Should -Be 100
        $updates[-1].SecondsRemaining | Should -Be 0
        $records[-1].RecordType | Should -Be 'Completed'
    }
}
