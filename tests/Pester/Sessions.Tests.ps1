BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:PIXELCNN_TEST_MODULE -Force
}

Describe 'Several models, runspaces and long runs' {
    It 'keeps several models in one session apart' {
        $a = New-PixelCnn -HiddenDim 2 -Device Cpu -Seed 1
        $b = New-PixelCnn -HiddenDim 3 -Device Cpu -Seed 2
        $data = Import-Mnist -First 64
        Start-PixelCnnTraining -Model $a -Data $data -Epochs 1 -BatchSize 32 | Out-Null
        $a.Epoch | Should -Be 1
        $b.Epoch | Should -Be 0
        (Get-PixelCnnSample -Count 1 -Seed 1 -Model $a).Pixels -join ',' | Should -Not -Be ((Get-PixelCnnSample -Count 1 -Seed 1 -Model $b).Pixels -join ',')
    }

    It 'gives each ForEach-Object -Parallel runspace its own current model' {
        $results = 2, 3, 4 | ForEach-Object -ThrottleLimit 3 -Parallel {
            Import-Module $using:env:PIXELCNN_TEST_MODULE
            $m = New-PixelCnn -HiddenDim $_ -Device Cpu -Seed $_
            Start-PixelCnnTraining -Data (Import-Mnist -First 32) -Epochs 1 -BatchSize 16 | Out-Null
            $image = Get-PixelCnnSample -Count 1 -Seed 5
            [pscustomobject]@{ Hidden = $_; Trained = $m.Epoch; CurrentHidden = (Save-PixelCnn -Path (Join-Path ([IO.Path]::GetTempPath()) "pcnn-par-$_-$([guid]::NewGuid()).safetensors") | ForEach-Object { $p = $_.FullName; (Import-PixelCnn -Path $p).HiddenDim; Remove-Item $p }); Pixels = $image.Pixels.Count }
        }
        $results | Should -HaveCount 3
        foreach ($r in $results) {
            $r.Trained | Should -Be 1
            $r.CurrentHidden | Should -Be $r.Hidden -Because 'each runspace trains and saves its own current model'
            $r.Pixels | Should -Be 784
        }
    }

    It 'does not leak over 2,000 training steps of a tiny model' {
        $m = New-PixelCnn -HiddenDim 2 -Device Cpu -Seed 3
        $data = Import-Mnist -First 8000
        Start-PixelCnnTraining -Model $m -Data $data -Epochs 1 -BatchSize 40 | Out-Null    # warm-up: 200 steps
        [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
        $process = [System.Diagnostics.Process]::GetCurrentProcess(); $process.Refresh()
        $nativeBefore = $process.WorkingSet64
        $managedBefore = [GC]::GetTotalMemory($true)

        Start-PixelCnnTraining -Model $m -Data $data -Epochs 1 -BatchSize 4 | Out-Null     # 2,000 steps

        [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
        $process.Refresh()
        $nativeGrowth = ($process.WorkingSet64 - $nativeBefore) / 1MB
        $managedGrowth = ([GC]::GetTotalMemory($true) - $managedBefore) / 1MB
        $nativeGrowth | Should -BeLessThan 64 -Because "working set grew by $([math]::Round($nativeGrowth, 1)) MB"
        $managedGrowth | Should -BeLessThan 16 -Because "managed heap grew by $([math]::Round($managedGrowth, 1)) MB"
    }
}
