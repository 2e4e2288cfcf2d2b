# The same numbers on every platform: values recorded on Linux (AMD EPYC, libtorch 2.10 CPU) that the Windows stage
# checks under Wine with the win-x64 package, and every other run on its own platform.
BeforeDiscovery {
    # Linux's own list of the processor's features; under Wine the Linux root is drive Z:. None on Windows itself.
    $script:cpuInfo = @('/proc/cpuinfo', 'Z:\proc\cpuinfo') | Where-Object { Test-Path -LiteralPath $_ } |
        Select-Object -First 1
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:PIXELCNN_TEST_MODULE -Force
    function Get-PixelHash([object[]]$Images) {
        $bytes = [byte[]]@($Images | ForEach-Object { $_.Pixels })
        [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($bytes))
    }
    $script:cpuInfo = @('/proc/cpuinfo', 'Z:\proc\cpuinfo') | Where-Object { Test-Path -LiteralPath $_ } |
        Select-Object -First 1
}

Describe 'The same results on every platform' {
    It 'draws the same images with the same seed from the shipped PixelCnn model, with the same log-likelihoods' {
        $images = Get-PixelCnnSample -Model (Import-PixelCnn -Name PixelCnn -Device $TestDevice) -Count 2 -Seed 1
        Get-PixelHash $images | Should -Be '8F8DA6D4DF8F2B4A67D81BF152328E5442DE5E759DB7DBAB70B3C04DBDF9C988'
        [math]::Abs($images[0].LogLikelihood - -880.0839284733902) | Should -BeLessThan 1e-9
        [math]::Abs($images[1].LogLikelihood - -705.3195525858606) | Should -BeLessThan 1e-9
    }

    It 'draws the same images of a class from a new seeded conditional Gated model' {
        $model = New-PixelCnn -Architecture Gated -HiddenDim 8 -Seed 1 -Conditional -Device $TestDevice
        Get-PixelHash (Get-PixelCnnSample -Model $model -Count 2 -Seed 3 -Label 7) |
            Should -Be '9396E1A2B436DEB0AD2523DE146427058BAC6469FD26680C21BFAEAAB3D5EA44'
    }

    It 'scores the first 50 test images at the same bits per dimension, to float32''s precision' {
        # Windows' libtorch sums a batch of 50 in another order: 5.1e-8 bpd apart under Wine (the samples above agree to
        # 1e-9). Float32 keeps about 7 digits, so 1e-6 is the bound that still catches any wrong pixel or weight.
        $model = Import-PixelCnn -Name PixelCnn -Device $TestDevice
        $measured = Import-Mnist -Split Test -First 50 | Measure-PixelCnnLikelihood -Model $model
        [math]::Abs($measured.BitsPerDim - 0.8568991102420017) | Should -BeLessThan 1e-6
    }

    It 'trains a small Gated model to the same loss (float32; summation order may differ in the last bits)' {
        $model = New-PixelCnn -Architecture Gated -HiddenDim 8 -Seed 1 -Device $TestDevice
        $record = Start-PixelCnnTraining -Model $model -Data (Import-Mnist -First 256) `
            -ValidationData (Import-Mnist -Split Test -First 64) -Epochs 1 -BatchSize 64 -Seed 1 -Precision Float32
        [math]::Abs($record.TrainBpd - 7.62815736444811) | Should -BeLessThan 1e-5
        [math]::Abs($record.ValidationBpd - 7.459550810238438) | Should -BeLessThan 1e-5
    }

    It 'picks with -Precision Auto what the CPU''s features call for, naming them in its record' -Skip:(-not $cpuInfo) {
        $text = Get-Content -Raw -LiteralPath $cpuInfo
        $flags = @(([regex]::Match($text, '(?m)^flags\s*:(.*)$').Groups[1].Value -split '\s+') | Where-Object { $_ })
        $amd = [regex]::Match($text, '(?m)^vendor_id\s*:\s*(\S+)').Groups[1].Value -eq 'AuthenticAMD'
        $bfloat16 = 'amx_bf16' -in $flags -or ('avx512_bf16' -in $flags -and $amd)
        $expected = if ($bfloat16) { 'BFloat16' } else { 'Float32' }
        $named = @('amx_bf16', 'avx512_bf16' | Where-Object { $_ -in $flags })
        $record = New-PixelCnn -HiddenDim 2 -Seed 1 -Device Cpu |
            Start-PixelCnnTraining -Data (Import-Mnist -First 64) -Epochs 1 -BatchSize 64 -Precision Auto
        "$($record.Precision)" | Should -Be $expected
        $record.Hardware | Should -BeLike "*bfloat16 flags: $(if ($named) { $named -join ', ' } else { 'none' })"
    }
}
