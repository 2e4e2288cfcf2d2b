# The same numbers on every platform: under Wine the win-x64 package's figures against the Linux module's on the same
# machine in the same run (the Windows stage computes those first); elsewhere against figures recorded on Linux.
BeforeDiscovery {
    # Linux's own list of the processor's features; under Wine the Linux root is drive Z:. None on Windows itself.
    $script:cpuInfo = @('/proc/cpuinfo', 'Z:\proc\cpuinfo') | Where-Object { Test-Path -LiteralPath $_ } |
        Select-Object -First 1
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:PIXELCNN_TEST_MODULE -Force
    $script:cpuInfo = @('/proc/cpuinfo', 'Z:\proc\cpuinfo') | Where-Object { Test-Path -LiteralPath $_ } |
        Select-Object -First 1
    $script:figures = & (Join-Path $PSScriptRoot 'Get-PlatformFigures.ps1') -Device $TestDevice
    # The Windows stage's reference: the same figures from the Linux module on this machine, in this run.
    # Without one, the figures recorded on Linux on the machines below; on other hardware (another processor kind or
    # number of threads, which change libtorch's kernels and summation order) those tests are skipped, named.
    $script:reference = if ($env:PIXELCNN_PLATFORM_REFERENCE) {
        Get-Content -Raw -LiteralPath $env:PIXELCNN_PLATFORM_REFERENCE | ConvertFrom-Json
    }
    else {
        [pscustomobject]@{
            # The same figures on both (2026-12-07: ValidationBpd 2e-9 apart, inside its bound).
            Hardware = 'AMD EPYC, 2 logical processors, bfloat16 flags: avx512_bf16',
                'Oxide Virtual Turin-like Processor, 2 logical processors, bfloat16 flags: avx512_bf16'
            SampleHash = '8F8DA6D4DF8F2B4A67D81BF152328E5442DE5E759DB7DBAB70B3C04DBDF9C988'
            SampleLogLikelihoods = -880.0839712430864, -705.3195391520461
            ConditionalHash = '9396E1A2B436DEB0AD2523DE146427058BAC6469FD26680C21BFAEAAB3D5EA44'
            BitsPerDim = 0.8568991360744979
            TrainBpd = 7.628157020482807
            ValidationBpd = 7.459550852356638
        }
    }
    function Skip-OnOtherHardware {
        if ($figures.Hardware -notin $reference.Hardware) {
            $recorded = $reference.Hardware -join "' and '"
            Set-ItResult -Skipped -Because ("its figures were recorded on '$recorded', this is " +
                "'$($figures.Hardware)'; the Windows stage compares with this machine's Linux figures")
        }
    }
}

Describe 'The same results on every platform' {
    It 'draws the same images with the same seed from the shipped PixelCnn model, with the same log-likelihoods' {
        Skip-OnOtherHardware
        $figures.SampleHash | Should -Be $reference.SampleHash
        foreach ($i in 0, 1) {
            [math]::Abs($figures.SampleLogLikelihoods[$i] - $reference.SampleLogLikelihoods[$i]) |
                Should -BeLessThan 1e-9
        }
    }

    It 'draws the same images of a class from a new seeded conditional Gated model' {
        Skip-OnOtherHardware
        $figures.ConditionalHash | Should -Be $reference.ConditionalHash
    }

    It 'scores the first 50 test images at the same bits per dimension, to float32''s precision' {
        # Windows' libtorch sums a batch of 50 in another order: 5.1e-8 bpd apart under Wine (the samples above agree to
        # 1e-9). Float32 keeps about 7 digits, so 1e-6 is the bound that still catches any wrong pixel or weight.
        Skip-OnOtherHardware
        [math]::Abs($figures.BitsPerDim - $reference.BitsPerDim) | Should -BeLessThan 1e-6
    }

    It 'trains a small Gated model to the same loss (float32; summation order may differ in the last bits)' {
        Skip-OnOtherHardware
        [math]::Abs($figures.TrainBpd - $reference.TrainBpd) | Should -BeLessThan 1e-5
        [math]::Abs($figures.ValidationBpd - $reference.ValidationBpd) | Should -BeLessThan 1e-5
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
