BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:PIXELCNN_TEST_MODULE -Force
    $script:shipped = Join-Path (Split-Path -Parent $env:PIXELCNN_TEST_MODULE) 'module/data/mnist'

    function New-MnistFolder {
        # A small valid Test split: $Count images of 28x28 and their labels.
        [CmdletBinding(SupportsShouldProcess)]
        param([string]$Name, [int]$Count = 3, [switch]$Gzip)
        $folder = Join-Path $TestDrive $Name
        if (-not $PSCmdlet.ShouldProcess($folder, 'Create MNIST test folder')) { return }
        New-Item -ItemType Directory -Path $folder -Force | Out-Null
        $suffix = if ($Gzip) { '.gz' } else { '' }
        $pixels = [byte[]]::new($Count * 784); for ($i = 0; $i -lt $pixels.Length; $i++) { $pixels[$i] = $i % 251 }
        Write-Idx -Path (Join-Path $folder "t10k-images-idx3-ubyte$suffix") -Magic 0x803 -Dimensions $Count, 28, 28 -Data $pixels -Gzip:$Gzip
        Write-Idx -Path (Join-Path $folder "t10k-labels-idx1-ubyte$suffix") -Magic 0x801 -Dimensions $Count -Data ([byte[]](0..($Count - 1) | ForEach-Object { $_ % 10 })) -Gzip:$Gzip
        $folder
    }
}

Describe 'Import-Mnist on the shipped files' {
    BeforeAll {
        $script:train = Import-Mnist -Split Train
        $script:test = Import-Mnist -Split Test
    }

    It 'finds the data folder that ships with the module' {
        $train.Source | Should -Be (Resolve-Path $shipped).ProviderPath
    }

    It 'has the canonical counts per label (train)' {
        $train.Count | Should -Be 60000
        $train.LabelCounts -join ' ' | Should -Be '5923 6742 5958 6131 5842 5421 5918 6265 5851 5949'
    }

    It 'has the canonical counts per label (test)' {
        $test.Count | Should -Be 10000
        $test.LabelCounts -join ' ' | Should -Be '980 1135 1032 1010 982 892 958 1028 974 1009'
    }

    It 'starts with the canonical first ten labels' {
        $train.Labels[0..9] -join ' ' | Should -Be '5 0 4 1 9 2 1 3 1 4'
        $test.Labels[0..9] -join ' ' | Should -Be '7 2 1 0 4 1 4 9 5 9'
    }

    It 'has mean training pixel 0.1307 (of 255)' {
        [math]::Round($train.MeanPixel, 4) | Should -Be 0.1307
    }

    It 'holds the images as a uint8 tensor [N,1,28,28]' {
        $train.Images.shape -join ',' | Should -Be '60000,1,28,28'
        "$($train.Images.dtype)" | Should -Be 'Byte'
    }

    It '-First reads only the first images' {
        $first = Import-Mnist -Split Test -First 16
        $first.Count | Should -Be 16
        $first.Labels -join ' ' | Should -Be (($test.Labels[0..15]) -join ' ')
    }

    It '-Skip with -First takes a slice, keeping the file''s image indices' {
        $slice = Import-Mnist -Split Test -Skip 10 -First 5
        $slice.Count | Should -Be 5
        $slice.Offset | Should -Be 10
        $slice.Labels -join ' ' | Should -Be (($test.Labels[10..14]) -join ' ')
        ($slice | Select-Object -First 1).Index | Should -Be 10
        (Import-Mnist -Split Test -Skip 9990).Count | Should -Be 10
        (Import-Mnist -Split Test -Skip 20000).Count | Should -Be 0
    }

    It 'streams one image object per image into the pipeline' {
        $images = @(Import-Mnist -Split Test -First 5 | ForEach-Object { $_ })
        $images.Count | Should -Be 5
        $images[0].GetType().Name | Should -Be 'PixelCnnImage'
        $images[0].Index | Should -Be 0
        $images[0].Label | Should -Be 7
        $images[0].Pixels.Count | Should -Be 784
        $images[4].Index | Should -Be 4
        ($test | Select-Object -First 1).Label | Should -Be 7
    }

    It 'prints the dataset as one compact line, not its images' {
        $text = Import-Mnist -Split Test | Out-String
        ($text -split "`n" | Where-Object { $_.Trim() }).Count | Should -BeLessOrEqual 4
        $text | Should -Match '10000'
    }
}

Describe 'Import-Mnist data locations' {
    It 'reads gzip and raw files alike' {
        $raw = New-MnistFolder -Name raw
        $gz = New-MnistFolder -Name gz -Gzip
        $a = Import-Mnist -Path $raw -Split Test
        $b = Import-Mnist -Path $gz -Split Test
        $a.Count | Should -Be 3
        $a.Labels -join ',' | Should -Be ($b.Labels -join ',')
        $a.Images.equal($b.Images).all().item[bool]() | Should -BeTrue
    }

    It 'prefers $env:PIXELCNN_DATA over the shipped folder' {
        $folder = New-MnistFolder -Name fromenv
        try {
            $env:PIXELCNN_DATA = $folder
            $d = Import-Mnist -Split Test
            $d.Count | Should -Be 3
            $d.Source | Should -Be $folder
        }
        finally { Remove-Item Env:PIXELCNN_DATA }
    }

    It 'resolves a relative -Path against the current location' {
        New-MnistFolder -Name relative | Out-Null
        Push-Location $TestDrive
        try { (Import-Mnist -Path ./relative -Split Test).Count | Should -Be 3 }
        finally { Pop-Location }
    }
}

Describe 'Import-Mnist rejects bad files' {
    It 'rejects <Case> with error <ErrorId> naming the file' -TestCases @(
        @{ Case = 'wrong magic'; ErrorId = 'IdxWrongMagic'; File = 'images'; Make = { param($f) Write-Idx -Path (Join-Path $f 't10k-images-idx3-ubyte') -Magic 0x801 -Dimensions 3, 28, 28 -Data ([byte[]]::new(3 * 784)) } }
        @{ Case = 'truncated images'; ErrorId = 'IdxTruncated'; File = 'images'; Make = { param($f) Write-Idx -Path (Join-Path $f 't10k-images-idx3-ubyte') -Magic 0x803 -Dimensions 3, 28, 28 -Data ([byte[]]::new(2 * 784 + 10)) } }
        @{ Case = 'truncated header'; ErrorId = 'IdxTruncated'; File = 'labels'; Make = { param($f) [System.IO.File]::WriteAllBytes((Join-Path $f 't10k-labels-idx1-ubyte'), [byte[]](0, 0, 8)) } }
        @{ Case = 'count mismatch'; ErrorId = 'MnistCountMismatch'; File = 'images'; Make = { param($f) Write-Idx -Path (Join-Path $f 't10k-labels-idx1-ubyte') -Magic 0x801 -Dimensions 4 -Data ([byte[]](1, 2, 3, 4)) } }
        @{ Case = 'sides above 256'; ErrorId = 'MnistBadDimensions'; File = 'images'; Make = { param($f) Write-Idx -Path (Join-Path $f 't10k-images-idx3-ubyte') -Magic 0x803 -Dimensions 3, 300, 300 -Data ([byte[]]::new(3 * 90000)) } }
        @{ Case = 'zero dimensions'; ErrorId = 'IdxBadDimensions'; File = 'images'; Make = { param($f) Write-Idx -Path (Join-Path $f 't10k-images-idx3-ubyte') -Magic 0x803 -Dimensions 3, 0, 28 -Data ([byte[]]::new(0)) } }
        @{ Case = 'corrupt gzip'; ErrorId = 'IdxCorruptGzip'; File = 'images'; Make = { param($f) Remove-Item (Join-Path $f 't10k-images-idx3-ubyte'); [System.IO.File]::WriteAllBytes((Join-Path $f 't10k-images-idx3-ubyte.gz'), [byte[]](0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9)) } }
        @{ Case = 'missing labels'; ErrorId = 'MnistFileNotFound'; File = 'labels'; Make = { param($f) Remove-Item (Join-Path $f 't10k-labels-idx1-ubyte') } }
    ) {
        $folder = New-MnistFolder -Name ($Case -replace ' ', '-')
        & $Make $folder
        $err = { Import-Mnist -Path $folder -Split Test } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be "$ErrorId,PixelCnn.Commands.ImportMnistCommand"
        $err.Exception.Message | Should -Match ([regex]::Escape((Join-Path $folder "t10k-$File-idx")))
        "$($err.TargetObject)" | Should -Match ([regex]::Escape((Join-Path $folder "t10k-$File-idx")))
        $err.Exception | Should -Not -BeOfType [System.NullReferenceException]
    }

    It 'says where it looked and what to do when no files are found anywhere' {
        $empty = Join-Path $TestDrive 'nothing'
        New-Item -ItemType Directory -Path $empty | Out-Null
        $err = { Import-Mnist -Path $empty -Split Test } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'MnistFileNotFound,PixelCnn.Commands.ImportMnistCommand'
    }
}

Describe 'Import-Mnist -Download (local HTTP server on 127.0.0.1)' {
    BeforeAll {
        $script:served = Join-Path $TestDrive 'served'
        $script:corrupt = Join-Path $TestDrive 'corrupt'
        New-Item -ItemType Directory -Path $served, $corrupt | Out-Null
        Copy-Item (Join-Path $shipped 't10k-*') $served
        Copy-Item (Join-Path $shipped 't10k-*') $corrupt
        $bad = [System.IO.File]::ReadAllBytes((Join-Path $corrupt 't10k-labels-idx1-ubyte.gz'))
        $bad[100] = $bad[100] -bxor 0xFF
        [System.IO.File]::WriteAllBytes((Join-Path $corrupt 't10k-labels-idx1-ubyte.gz'), $bad)

        # A free port is found by binding port 0 and releasing it; another process may take it before HttpListener
        # binds it, so a port that turns out to be taken is replaced by another, up to ten times.
        # The listener belongs to the test; the thread job only answers requests, at most 20, and ends when
        # AfterAll stops the listener (GetContext then throws).
        for ($attempt = 1; ; $attempt++) {
            $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
            $listener.Start(); $script:port = $listener.LocalEndpoint.Port; $listener.Stop()
            $script:http = [System.Net.HttpListener]::new()
            $http.Prefixes.Add("http://127.0.0.1:$port/")
            try { $http.Start(); break }
            catch [System.Net.HttpListenerException] { $http.Close(); if ($attempt -ge 10) { throw } }
        }
        $script:server = Start-ThreadJob -ArgumentList $http, $TestDrive -ScriptBlock {
            param($http, $root)
            try {
                for ($n = 0; $n -lt 20; $n++) {
                    $context = $http.GetContext()
                    $file = Join-Path $root ($context.Request.Url.AbsolutePath.TrimStart('/'))
                    if (Test-Path -LiteralPath $file -PathType Leaf) {
                        $bytes = [System.IO.File]::ReadAllBytes($file)
                        $context.Response.ContentLength64 = $bytes.Length
                        $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
                    }
                    else { $context.Response.StatusCode = 404 }
                    $context.Response.Close()
                }
            }
            catch [System.Net.HttpListenerException], [System.ObjectDisposedException] {
                # The listener was stopped by AfterAll: the server's work is done.
                return
            }
        }
    }

    AfterAll {
        $http.Stop()
        $http.Close()
        $server | Wait-Job -Timeout 10 | Out-Null
        $server | Remove-Job -Force
    }

    It 'downloads into the cache, verifies SHA-256 and loads the split' {
        $cache = Join-Path $TestDrive 'cache-good'
        $env:PIXELCNN_CACHE = $cache
        try {
            $d = Import-Mnist -Split Test -Path (Join-Path $cache 'mnist') -Download -MirrorUri "http://127.0.0.1:$port/served/"
            $d.Count | Should -Be 10000
            $d.Labels[0..9] -join ' ' | Should -Be '7 2 1 0 4 1 4 9 5 9'
            (Get-FileHash (Join-Path $cache 'mnist/t10k-labels-idx1-ubyte.gz') -Algorithm SHA256).Hash |
                Should -Be 'F7AE60F92E00EC6DEBD23A6088C31DBD2371ECA3FFA0DEFAEFB259924204AEC6'
        }
        finally { Remove-Item Env:PIXELCNN_CACHE }
    }

    It 'deletes a download whose checksum is wrong and says so' {
        $target = Join-Path $TestDrive 'cache-bad'
        $err = { Import-Mnist -Split Test -Path $target -Download -MirrorUri "http://127.0.0.1:$port/corrupt/" } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'MnistChecksumMismatch,PixelCnn.Commands.ImportMnistCommand'
        $err.Exception.Message | Should -Match 'SHA-256'
        $err.Exception.Message | Should -Match 'deleted'
        Test-Path (Join-Path $target 't10k-labels-idx1-ubyte.gz') | Should -BeFalse
        @(Get-ChildItem $target -Filter '*labels*' -Force).Count | Should -Be 0
    }
}
