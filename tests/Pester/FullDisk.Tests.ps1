BeforeDiscovery {
    # A real full disk: a 64 KiB tmpfs. Mounting needs root (CI and the development machines run as root); elsewhere
    # these tests are skipped and say why, except under CI (CI=true), where a runner that cannot mount fails them.
    $script:canMount = $false
    # The programs, not PowerShell's aliases of the same names (on Windows 'mount' is New-PSDrive).
    $script:mount, $script:umount = 'mount', 'umount' | ForEach-Object { Get-Command -Name $_ -CommandType Application -ErrorAction Ignore | Select-Object -First 1 }
    if ($IsLinux -and $mount -and (& id -u) -eq '0') {
        $probe = Join-Path ([IO.Path]::GetTempPath()) "pixelcnn-mount-probe-$PID"
        New-Item -ItemType Directory -Path $probe -Force | Out-Null
        & $mount -t tmpfs -o size=64k tmpfs $probe 2>$null
        if ($LASTEXITCODE -eq 0) { $script:canMount = $true; & $umount $probe }
        Remove-Item -LiteralPath $probe -Force
    }
}

BeforeAll {
    $script:mount, $script:umount = 'mount', 'umount' | ForEach-Object { Get-Command -Name $_ -CommandType Application -ErrorAction Ignore | Select-Object -First 1 }
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:PIXELCNN_TEST_MODULE -Force
    $script:disk = Join-Path ([IO.Path]::GetTempPath()) "pixelcnn-full-disk-$PID"
    New-Item -ItemType Directory -Path $disk -Force | Out-Null
    & $mount -t tmpfs -o size=64k tmpfs $disk 2>$null
    $script:mounted = $LASTEXITCODE -eq 0
    $script:small = New-PixelCnn -HiddenDim 1 -Device $TestDevice -Seed 1
    $script:large = New-PixelCnn -HiddenDim 16 -Device $TestDevice -Seed 1        # about 110 KB of weights: does not fit
    $script:old = Join-Path $disk 'model.safetensors'
    function Get-Listing { @(Get-ChildItem -LiteralPath $disk -Force | ForEach-Object { "$($_.Name):$($_.Length)" }) -join ';' }
}

AfterAll {
    & $umount $disk 2>$null
    Remove-Item -LiteralPath $disk -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'A full disk (skipped where a 64 KiB tmpfs cannot be mounted: not root; never skipped in CI)' -Skip:(-not $canMount -and $env:CI -ne 'true') {
    It 'has its 64 KiB tmpfs mounted' {
        $mounted | Should -BeTrue -Because 'the full-disk tests need root to mount a tmpfs; CI runs them, so its runner must be root'
    }

    BeforeEach {
        Get-ChildItem -LiteralPath $disk -Force | Remove-Item -Force
        Save-PixelCnn -Model $small -Path $old -ExcludeOptimizerState | Out-Null
        $script:before = [IO.File]::ReadAllBytes($old)
        $script:listing = Get-Listing
    }

    It 'Save-PixelCnn stops with WriteFailed; the earlier checkpoint is unchanged and no temporary file is left' {
        { Save-PixelCnn -Model $large -Path $old -Force -ErrorAction Stop } | Should -Throw -ErrorId 'WriteFailed,PixelCnn.Commands.SavePixelCnnCommand'
        $Error[0].CategoryInfo.Category | Should -Be 'WriteError'
        $Error[0].TargetObject | Should -Be $old
        $Error[0].Exception.Message | Should -Match 'No space left on device'
        [IO.File]::ReadAllBytes($old) | Should -Be $before
        Get-Listing | Should -Be $listing
        (Import-PixelCnn -Path $old -Device $TestDevice).HiddenDim | Should -Be 1
    }

    It 'Start-PixelCnnTraining stops with CheckpointWriteFailed after the epoch; the checkpoint and the model stay usable' {
        $m = New-PixelCnn -HiddenDim 16 -Device $TestDevice -Seed 2
        $script:records = @()
        { Start-PixelCnnTraining -Model $m -Data (Import-Mnist -First 32) -Epochs 3 -BatchSize 32 -Seed 1 -CheckpointPath $old -ErrorAction Stop |
            ForEach-Object { $script:records += $_ } } | Should -Throw -ErrorId 'CheckpointWriteFailed,PixelCnn.Commands.StartPixelCnnTrainingCommand'
        $script:records | Should -HaveCount 1 -Because 'the finished epoch is still reported'
        $m.Epoch | Should -Be 1
        [IO.File]::ReadAllBytes($old) | Should -Be $before
        Get-Listing | Should -Be $listing
        Save-PixelCnn -Model $m -Path (Join-Path $TestDrive 'elsewhere.safetensors') | Should -Not -BeNullOrEmpty
    }

    It 'Export-Png writes what fits, reports WriteFailed for the rest and leaves no partial file' {
        $images = Import-Mnist -Split Test -First 64
        $written = $images | Export-Png -Path (Join-Path $disk 'digit-{0}.png') -Scale 8 -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems | Should -Not -BeNullOrEmpty
        $problems[0].FullyQualifiedErrorId | Should -Be 'WriteFailed,PixelCnn.Commands.ExportPngCommand'
        @($written).Count | Should -BeGreaterThan 0
        @($written).Count + @($problems).Count | Should -Be 64
        Get-ChildItem -LiteralPath $disk -Force -Filter '*.tmp' | Should -BeNullOrEmpty
        foreach ($file in $written) { (Read-Png $file.FullName).Width | Should -Be 224 }
    }
}
