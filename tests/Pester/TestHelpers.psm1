# Helpers shared by the Pester test files.

# The device the device-agnostic tests run their models on: PIXELCNN_TEST_DEVICE (cpu by default, or cuda), so the
# same suites run unchanged on a CUDA machine. Tests of CPU-only behaviour say -Device Cpu.
$TestDevice = if ($env:PIXELCNN_TEST_DEVICE -match '^\s*cuda') { 'Cuda' } else { 'Cpu' }

# Get-PwshCommand (re-exported below), shared with the build.
Import-Module (Join-Path $PSScriptRoot '..' '..' 'build' 'BuildTools.psm1')

function Invoke-FreshPwsh {
    <# Runs a script in a new pwsh process and returns its output lines and exit code. #>
    param([Parameter(Mandatory)][string]$Script)
    $pwsh = Get-PwshCommand
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Script))
    $output = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -EncodedCommand $encoded 2>&1 | ForEach-Object { "$_" }
    [pscustomobject]@{ Output = $output; ExitCode = $LASTEXITCODE }
}

function Invoke-InterruptedRun {
    <#
    Runs $Script (with $ArgumentList) in a new runspace, waits until $Until is true of the progress records and output
    so far, then stops it as Ctrl+C does and returns what it produced. Fails the test if the stop does not end the run
    within $StopSeconds (a run that ignores Ctrl+C would otherwise hang the suite).
    #>
    param(
        [Parameter(Mandatory)][string]$Script,
        [object[]]$ArgumentList = @(),
        [Parameter(Mandatory)][scriptblock]$Until,
        [int]$TimeoutSeconds = 300,
        [int]$StopSeconds = 60
    )
    $ps = [powershell]::Create()
    [void]$ps.AddScript($Script)
    foreach ($argument in $ArgumentList) { [void]$ps.AddArgument($argument) }
    $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
    $async = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
    # (Indexed, not enumerated: enumerating an open PSDataCollection blocks until the run ends.)
    $read = { param($collection) for ($i = 0; $i -lt $collection.Count; $i++) { $collection[$i] } }
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    $seen = $false
    while (-not $async.IsCompleted -and [DateTime]::UtcNow -lt $deadline) {
        if (& $Until @(& $read $ps.Streams.Progress) @(& $read $output)) { $seen = $true; break }
        Start-Sleep -Milliseconds 20
    }
    $stop = $ps.BeginStop($null, $null)
    $stopped = $stop.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds($StopSeconds))
    $result = [pscustomobject]@{
        Seen     = $seen
        Stopped  = $stopped
        State    = $ps.InvocationStateInfo.State
        Output   = @(& $read $output)
        Progress = @(& $read $ps.Streams.Progress)
        Errors   = @(& $read $ps.Streams.Error)
    }
    if ($stopped) { $ps.Dispose() }
    $result
}

function Get-RepositoryRoot { (Resolve-Path (Join-Path $PSScriptRoot '..' '..')).ProviderPath }

function Get-ModuleBinFolder { Join-Path (Split-Path -Parent $env:PIXELCNN_TEST_MODULE) 'bin' }

# Read-Png, Write-Png and Write-Idx: image files written and read independently of the module.
. (Join-Path $PSScriptRoot 'ImageFiles.ps1')

# The judge of examples/Train-Shapes.ps1's pictures, independent of any model: the rows and columns that hold two or
# more lit pixels (> 127) say which shape an image shows. A bar is two lines thick; a box fills its bounding box; a
# cross does not; an image without such rows or columns is 'none'.
function Get-ShapeClass([object]$Image) {
    $lit = @($Image.Pixels | ForEach-Object { $_ -gt 127 })
    $rows = @(0..($Image.Height - 1) | Where-Object { $r = $_; @(0..($Image.Width - 1) | Where-Object { $lit[$r * $Image.Width + $_] }).Count -ge 2 })
    $columns = @(0..($Image.Width - 1) | Where-Object { $c = $_; @(0..($Image.Height - 1) | Where-Object { $lit[$_ * $Image.Width + $c] }).Count -ge 2 })
    if ($rows.Count -eq 0 -or $columns.Count -eq 0) { return 'none' }
    if ($rows.Count -le 2 -and $columns.Count -ge 4) { return 'horizontal' }
    if ($columns.Count -le 2 -and $rows.Count -ge 4) { return 'vertical' }
    $inside = 0
    foreach ($r in $rows[0]..$rows[-1]) { foreach ($c in $columns[0]..$columns[-1]) { if ($lit[$r * $Image.Width + $c]) { $inside++ } } }
    $fill = $inside / (($rows[-1] - $rows[0] + 1) * ($columns[-1] - $columns[0] + 1))
    if ($fill -ge 0.9) { 'box' } elseif ($rows.Count -ge 4 -and $columns.Count -ge 4) { 'cross' } else { 'none' }
}

function Get-PredictedReceptiveField {
    <#
    The input pixels that can influence pixel (Row, Column) of the tutorial's PixelCNN, derived from the
    architecture alone: walk the layers backwards from the output pixel; 1x1 layers keep the set, a type-B
    3x3 mask with dilation d adds offsets (-d,-d) (-d,0) (-d,d) (0,-d), a residual block keeps the identity
    path too, and the 7x7 type-A mask adds rows -3..-1 (all columns -3..3) and columns -3..-1 of the centre row
    without the centre. Pixels outside the image are zero padding and drop out.
    #>
    param([int]$Row, [int]$Column, [int]$Size = 28, [int[]]$Dilations = @(1, 2, 1, 3, 1, 2, 1))
    $set = [System.Collections.Generic.HashSet[int]]::new()
    [void]$set.Add($Row * $Size + $Column)
    [array]::Reverse($Dilations)
    foreach ($d in $Dilations) {
        # Hidden features exist only inside the image (the convolutions pad with zeros), so each layer keeps
        # only positions inside it.
        $next = [System.Collections.Generic.HashSet[int]]::new($set)
        foreach ($p in $set) {
            $r = [math]::Floor($p / $Size); $c = $p % $Size
            foreach ($o in @(@(-$d, -$d), @(-$d, 0), @(-$d, $d), @(0, -$d))) {
                $rr = $r + $o[0]; $cc = $c + $o[1]
                if ($rr -ge 0 -and $rr -lt $Size -and $cc -ge 0 -and $cc -lt $Size) { [void]$next.Add($rr * $Size + $cc) }
            }
        }
        $set = $next
    }
    $field = [System.Collections.Generic.HashSet[string]]::new()
    foreach ($p in $set) {
        $r = [math]::Floor($p / $Size); $c = $p % $Size
        for ($dr = -3; $dr -le 0; $dr++) {
            for ($dc = -3; $dc -le 3; $dc++) {
                if ($dr -eq 0 -and $dc -ge 0) { continue }
                $rr = $r + $dr; $cc = $c + $dc
                if ($rr -ge 0 -and $rr -lt $Size -and $cc -ge 0 -and $cc -lt $Size) { [void]$field.Add("($rr,$cc)") }
            }
        }
    }
    $field
}

function Get-PredictedGatedReceptiveField {
    <#
    The input pixels that can influence pixel (Row, Column) of the Gated PixelCNN, derived from the architecture
    alone: walk the blocks backwards from the horizontal stack at the output pixel, keeping two sets of positions,
    one per stack. A block with dilation d maps horizontal position p to p and p + (0,-d) on the horizontal stack
    (residual and the 1x3 type-B kernel) and to p + {(-d,-d),(-d,0),(-d,d),(0,-d),(0,0),(0,d)} on the vertical
    stack (the 3x3 vertical kernel through the vertical-to-horizontal 1x1); a vertical position maps to the same
    six offsets. Finally the horizontal input layer reads the pixel to the left, the vertical one the three pixels
    above. Positions outside the image are zero padding and drop out.
    #>
    param([int]$Row, [int]$Column, [int]$Size = 28, [int[]]$Dilations = @(1, 2, 1, 4, 1, 2, 1))
    $inside = { param($r, $c) $r -ge 0 -and $r -lt $Size -and $c -ge 0 -and $c -lt $Size }
    $horizontal = [System.Collections.Generic.HashSet[int]]::new()
    $vertical = [System.Collections.Generic.HashSet[int]]::new()
    [void]$horizontal.Add($Row * $Size + $Column)
    $reversed = [int[]]$Dilations.Clone()
    [array]::Reverse($reversed)
    foreach ($d in $reversed) {
        $verticalOffsets = @(@(-$d, -$d), @(-$d, 0), @(-$d, $d), @(0, -$d), @(0, 0), @(0, $d))
        $nextH = [System.Collections.Generic.HashSet[int]]::new()
        $nextV = [System.Collections.Generic.HashSet[int]]::new()
        foreach ($p in $horizontal) {
            $r = [math]::Floor($p / $Size); $c = $p % $Size
            [void]$nextH.Add($p)
            if (& $inside $r ($c - $d)) { [void]$nextH.Add($r * $Size + $c - $d) }
        }
        foreach ($p in @($horizontal) + @($vertical)) {
            $r = [math]::Floor($p / $Size); $c = $p % $Size
            foreach ($o in $verticalOffsets) {
                if (& $inside ($r + $o[0]) ($c + $o[1])) { [void]$nextV.Add(($r + $o[0]) * $Size + $c + $o[1]) }
            }
        }
        $horizontal = $nextH; $vertical = $nextV
    }
    $field = [System.Collections.Generic.HashSet[string]]::new()
    foreach ($p in $horizontal) {
        $r = [math]::Floor($p / $Size); $c = $p % $Size
        if (& $inside $r ($c - 1)) { [void]$field.Add("($r,$($c - 1))") }
    }
    foreach ($p in $vertical) {
        $r = [math]::Floor($p / $Size); $c = $p % $Size
        foreach ($dc in -1, 0, 1) {
            if (& $inside ($r - 1) ($c + $dc)) { [void]$field.Add("($($r - 1),$($c + $dc))") }
        }
    }
    $field
}

function New-FlippedMaskCheckpoint {
    <#
    Copies checkpoint $Source to $Destination with float entry $Index of tensor $Key set to $Value (default 1), after
    checking that it was the other value (0 or 1): a mask off by one, which opens a hidden tap (for proving the causality
    checks catch it) or, with -Value 0, closes an open one. Returns the new file's path.
    #>
    [CmdletBinding(SupportsShouldProcess)]
    param([Parameter(Mandatory)][string]$Source, [Parameter(Mandatory)][string]$Key, [int]$Index, [Parameter(Mandatory)][string]$Destination, [ValidateSet(0, 1)][int]$Value = 1)
    $bytes = [System.IO.File]::ReadAllBytes($Source)
    $headerLength = [BitConverter]::ToUInt64($bytes, 0)
    $header = [Text.Encoding]::UTF8.GetString($bytes, 8, $headerLength) | ConvertFrom-Json
    $offset = 8 + $headerLength + $header.$Key.data_offsets[0] + 4 * $Index
    if ([BitConverter]::ToSingle($bytes, $offset) -ne 1 - $Value) { throw "Entry $Index of '$Key' is not $(1 - $Value)." }
    [BitConverter]::GetBytes([float]$Value).CopyTo($bytes, $offset)
    if ($PSCmdlet.ShouldProcess($Destination, 'Write checkpoint with a flipped mask entry')) { [System.IO.File]::WriteAllBytes($Destination, $bytes) }
    $Destination
}

function Get-DigitClassifier {
    <#
    An independent judge of drawn digits: the small CNN that tests/reference/train_digit_classifier.py trained in
    PyTorch (98.84% right on the 10,000 MNIST test digits), evaluated in plain C# (tests/tools/DigitClassifier.cs,
    compiled here: no TorchSharp, no model of the module). Returns a scriptblock that maps an image to its digit.
    #>
    if (-not ('PixelCnnTests.DigitClassifier' -as [type])) {
        Add-Type -Path (Join-Path $PSScriptRoot '..' 'tools' 'DigitClassifier.cs') -ReferencedAssemblies System.Text.Json, System.Memory, System.Runtime, System.Collections
    }
    $classifier = [PixelCnnTests.DigitClassifier]::new((Join-Path $PSScriptRoot '..' 'data' 'digit-classifier.safetensors'))
    { param($image) $classifier.Classify($image.Pixels) }.GetNewClosure()
}

Export-ModuleMember -Function * -Variable TestDevice
