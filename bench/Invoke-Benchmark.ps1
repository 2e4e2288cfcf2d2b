<#
.SYNOPSIS
Measures training and sampling throughput of the built module, and optionally of the tutorial's PyTorch model on
the same machine in the same run. Called by ./build.ps1 -Task Bench [-Reference]. Never part of the tests.

.DESCRIPTION
Training: images/s of Start-PixelCnnTraining at hidden 64, batch 64 and 128, on MNIST training images; each
repetition is one epoch of -TrainSteps batches after a warm-up epoch; the median is reported.
Sampling: images/s of Get-PixelCnnSample at hidden 64 with every sampler, for 1, 16 and 256 images; medians of
-Repetitions runs after a warm-up. The naive sampler at 256 images would take many minutes: it runs the same full
forward pass 784 times, so its time is 784 x one measured forward pass of 256 images, reported as estimated.
The yardstick: in the same run, the rate this machine's libtorch (the module's) computes each of the network's own
convolution shapes at (batch 64, 28x28, float32 and where the CPU has it bfloat16; PixelCnn.Optimization.ConvolutionPeak)
and the rate of the network's mix of them (each convolution's share of the work at its own rate). The work per image
is counted from the network's layers (PixelCnn.Networks.NetworkCost: every convolution's kernel, as computed, at every pixel;
training = 3 forward passes); every training and sampling figure is also reported in GFLOP/s and as a share of that
mix's rate in its precision (sampling runs in float32).
Also: peak working set, threads, TorchSharp/libtorch versions, CPU. Prints a table; writes bench/results.json.
With -Reference, runs ../shared/reference/reference_pixelcnn.py (PyTorch, /usr/bin/python3) and prints the ratios.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$ModulePath,
    [string]$OutputPath,
    [switch]$Reference,
    [string]$ReferenceScript = (Join-Path $PSScriptRoot '..' '..' 'shared' 'reference' 'reference_pixelcnn.py'),
    [int]$Repetitions = 3,
    [int]$TrainSteps = 6,
    [int]$HiddenDim = 64,
    # The architecture measured; -Reference compares only the tutorial's PixelCnn with its PyTorch model.
    # Any architecture New-PixelCnn knows (it validates the name and lists the known ones).
    [string]$Architecture = 'PixelCnn',
    [switch]$Conditional
)
$ErrorActionPreference = 'Stop'
$InformationPreference = 'Continue'   # status lines go to the information stream, shown at the console
Import-Module $ModulePath
if (-not $OutputPath) {
    $OutputPath = Join-Path $PSScriptRoot $(if ($Architecture -eq 'PixelCnn') { 'results.json' } else { "results-$($Architecture.ToLowerInvariant())$(if ($Conditional) { '-conditional' }).json" })
}
if ($Reference -and $Architecture -ne 'PixelCnn') { throw '-Reference compares the tutorial''s PixelCnn with its PyTorch model; leave it out for -Architecture Gated.' }

function Get-Median([double[]]$Values) {
    $sorted = $Values | Sort-Object
    $n = $sorted.Count
    if ($n % 2) { $sorted[($n - 1) / 2] } else { ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2 }
}

$results = [ordered]@{}
$info = (New-PixelCnn -HiddenDim 1 -Device Cpu).GetType().Assembly.GetType('PixelCnn.Diagnostics.RuntimeInfo')
$results.Environment = [ordered]@{
    Date = (Get-Date).ToUniversalTime().ToString('u'); Cpu = $info::Cpu; Processors = $info::ProcessorCount
    Threads = $info::Threads; WaitPolicy = $info::WaitPolicy; BFloat16Flags = $info::BFloat16Flags; ConvolutionCheck = $info::ConvolutionCheck; TorchSharp = $info::TorchSharpVersion; LibTorch = $info::LibTorchVersion
    Backend = $info::Backend; PowerShell = $PSVersionTable.PSVersion.ToString(); DotNet = [Environment]::Version.ToString()
    Architecture = $Architecture; Conditional = [bool]$Conditional; HiddenDim = $HiddenDim; Repetitions = $Repetitions
}
Write-Information "Environment: $($results.Environment | ConvertTo-Json -Compress)"

# The yardstick: the network's work per image, and this machine's rate for each of its convolution shapes.
$cost = $info.Assembly.GetType('PixelCnn.Networks.NetworkCost')
$peak = $info.Assembly.GetType('PixelCnn.Optimization.ConvolutionPeak')
$scalarType = $peak.GetMethod('Measure').GetParameters()[7].ParameterType
$probe = New-PixelCnn -Architecture $Architecture -Conditional:$Conditional -HiddenDim $HiddenDim -Device Cpu -Seed 1
$convolutions = @($cost::Convolutions($probe.Network))
$forwardFlops = $cost::ForwardFlopsPerImage($probe.Network)
$trainingFlops = $cost::TrainingFlopsPerImage($probe.Network)
$pixelsPerImage = $probe.Shape.Pixels
$results.Work = [ordered]@{
    MultiplyAddsPerPixel = $cost::MultiplyAddsPerPixel($probe.Network); ForwardGFlopsPerImage = $forwardFlops / 1e9
    TrainingGFlopsPerImage = $trainingFlops / 1e9; Convolutions = $convolutions.Count
}
$precisionNames = @('Float32') + $(if ($info::BFloat16Flags -ne 'none') { 'BFloat16' })
$results.Peak = [ordered]@{}
foreach ($precision in $precisionNames) {
    $type = [Enum]::Parse($scalarType, $precision)
    $shapes = $convolutions | Group-Object { '{0}->{1} {2}x{3}' -f $_.InChannels, $_.OutChannels, $_.KernelHeight, $_.KernelWidth }
    $measured = foreach ($shape in $shapes) {
        $c = $shape.Group[0]
        $rate = $peak::Measure($c.InChannels, $c.OutChannels, $c.KernelHeight, $c.KernelWidth, 64, 28, 28, $type, 20, 3, $probe.Network.BatchNormalized)
        [pscustomobject]@{ Shape = $shape.Name; Layers = $shape.Count; GFlopsPerSecond = $rate
            MultiplyAdds = ($shape.Group | Measure-Object -Property MultiplyAddsPerPixel -Sum).Sum }
    }
    $work = ($measured | Measure-Object -Property MultiplyAdds -Sum).Sum
    $time = ($measured | ForEach-Object { $_.MultiplyAdds / $_.GFlopsPerSecond } | Measure-Object -Sum).Sum
    $best = $measured | Sort-Object GFlopsPerSecond -Descending | Select-Object -First 1
    $results.Peak[$precision] = [ordered]@{ Mix = $work / $time; Best = $best.GFlopsPerSecond; BestShape = $best.Shape; Shapes = @($measured) }
    foreach ($m in $measured) {
        Write-Information ("peak {0,-8} conv {1,-14} x{2}: {3,7:F1} GFLOP/s" -f $precision, $m.Shape, $m.Layers, $m.GFlopsPerSecond)
    }
    Write-Information ("peak {0,-8} the network's mix: {1:F1} GFLOP/s (best shape {2}: {3:F1})" -f $precision, ($work / $time), $best.Shape, $best.GFlopsPerSecond)
}
Write-Information ("work: {0:N0} multiply-adds per pixel; {1:F3} GFLOP per image forward, {2:F3} per training image" -f $results.Work.MultiplyAddsPerPixel, ($forwardFlops / 1e9), ($trainingFlops / 1e9))
function Add-Share([object]$Row, [double]$ImagesPerSecond, [double]$FlopsPerImage, [string]$Precision) {
    $rate = $ImagesPerSecond * $FlopsPerImage / 1e9
    $Row | Add-Member -NotePropertyName GFlops -NotePropertyValue ([math]::Round($rate, 1))
    $Row | Add-Member -NotePropertyName Share -NotePropertyValue ('{0:P0}' -f ($rate / $results.Peak[$Precision].Mix))
}

# Training, in float32 and (where the CPU has bfloat16 instructions) in bfloat16 mixed precision
$rows = [System.Collections.Generic.List[object]]::new()
$precisions = @('Float32') + $(if ($info::BFloat16Flags -ne 'none') { 'BFloat16' })
foreach ($precision in $precisions) {
    foreach ($batch in 64, 128) {
        $data = Import-Mnist -Split Train -First ($batch * $TrainSteps)
        $model = New-PixelCnn -Architecture $Architecture -Conditional:$Conditional -HiddenDim $HiddenDim -Device Cpu -Seed 1
        Start-PixelCnnTraining -Model $model -Data $data -Epochs 1 -BatchSize $batch -Seed 1 -Precision $precision | Out-Null   # warm-up
        $rates = foreach ($r in 1..$Repetitions) {
            (Start-PixelCnnTraining -Model $model -Data $data -Epochs 1 -BatchSize $batch -Seed 1 -Precision $precision).ImagesPerSecond
        }
        $median = Get-Median $rates
        $suffix = if ($precision -eq 'Float32') { '' } else { ' bf16' }
        Write-Information ("train  hidden {0} batch {1} {4}: {2:F1} images/s (runs: {3})" -f $HiddenDim, $batch, $median, (($rates | ForEach-Object { '{0:F1}' -f $_ }) -join ', '), $precision)
        $row = [pscustomobject]@{ Task = "train batch $batch$suffix"; Ours = [math]::Round($median, 2); Unit = 'images/s'; Note = "$TrainSteps batches per run, $precision" }
        Add-Share $row $median $trainingFlops $precision
        $rows.Add($row)
    }
}

# Sampling
$model = New-PixelCnn -Architecture $Architecture -Conditional:$Conditional -HiddenDim $HiddenDim -Device Cpu -Seed 1
Get-PixelCnnSample -Model $model -Count 2 -Seed 1 | Out-Null                        # warm-up, cached
Get-PixelCnnSample -Model $model -Count 1 -Seed 1 -Sampler Naive -BatchSize 1 | Out-Null   # warm-up, naive
$sampling = [ordered]@{}
foreach ($count in 1, 16, 256) {
    foreach ($sampler in 'Cached', 'Naive') {
        $estimated = $sampler -eq 'Naive' -and $count -eq 256
        $reps = if ($sampler -eq 'Naive') { [math]::Min(2, $Repetitions) } else { $Repetitions }
        $seconds = if ($estimated) {
            $images = Import-Mnist -Split Test -First $count
            $forward = foreach ($r in 1..$reps) { (Measure-Command { $images | Measure-PixelCnnLikelihood -Model $model -BatchSize $count }).TotalSeconds }
            784 * (Get-Median $forward)
        }
        else {
            $times = foreach ($r in 1..$reps) {
                (Measure-Command { Get-PixelCnnSample -Model $model -Count $count -Seed $r -Sampler $sampler -BatchSize ([math]::Min($count, 256)) | Out-Null }).TotalSeconds
            }
            Get-Median $times
        }
        $sampling["$sampler-$count"] = $seconds
        $label = if ($estimated) { ' (estimated: 784 x one forward pass)' } else { '' }
        Write-Information ("sample {0,-6} {1,3} images: {2,8:F2} s, {3,8:F2} images/s{4}" -f $sampler, $count, $seconds, ($count / $seconds), $label)
        $row = [pscustomobject]@{ Task = "sample $count $sampler".ToLowerInvariant(); Ours = [math]::Round($count / $seconds, 3); Unit = 'images/s'; Note = if ($estimated) { 'estimated: 784 x one forward pass' } else { "median of $reps" } }
        # The cached sampler computes each layer once per pixel (one forward pass's work per image); the naive one a
        # whole forward pass per pixel.
        Add-Share $row ($count / $seconds) ($forwardFlops * $(if ($sampler -eq 'Naive') { $pixelsPerImage } else { 1 })) 'Float32'
        $rows.Add($row)
    }
    $rows.Add([pscustomobject]@{ Task = "speed-up cached/naive at $count"; Ours = [math]::Round($sampling["Naive-$count"] / $sampling["Cached-$count"], 1); Unit = 'x'; Note = '' })
}
$results.PeakWorkingSetMB = [math]::Round([System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB, 1)

if ($Reference) {
    $python = '/usr/bin/python3'
    if (-not (Test-Path $ReferenceScript)) { throw "The PyTorch reference script '$ReferenceScript' is missing." }
    & $python -c 'import torch' 2>$null
    if ($LASTEXITCODE -ne 0) { throw "PyTorch is not installed for $python (apt-get install -y python3-torch)." }
    $torchResults = [ordered]@{}
    foreach ($batch in 64, 128) {
        $runs = foreach ($r in 1..$Repetitions) {
            $out = & $python $ReferenceScript --hidden $HiddenDim --batch $batch --steps $TrainSteps --sample 0 --threads $results.Environment.Threads
            [double](($out | Select-String 'train: ([\d.]+) images/s').Matches[0].Groups[1].Value)
        }
        $torchResults["train batch $batch"] = Get-Median $runs
        Write-Information ("PyTorch train batch {0}: {1:F1} images/s (runs: {2})" -f $batch, $torchResults["train batch $batch"], ($runs -join ', '))
    }
    $out = & $python $ReferenceScript --hidden $HiddenDim --batch 64 --steps 1 --sample 16 --threads $results.Environment.Threads
    $match = ($out | Select-String 'sample: 16 images in ([\d.]+) s').Matches[0]
    $torchResults['sample 16'] = 16 / [double]$match.Groups[1].Value
    $torchResults['torch'] = (($out | Select-String '^torch (\S+)').Matches[0].Groups[1].Value)
    Write-Information ("PyTorch naive sampling 16 images: {0:F2} s" -f [double]$match.Groups[1].Value)
    foreach ($row in $rows) {
        $key = switch -Regex ($row.Task) { '^train batch (\d+)$' { "train batch $($Matches[1])" } '^sample 16 ' { 'sample 16' } default { $null } }
        if ($key -and $torchResults.Contains($key)) {
            $row | Add-Member -NotePropertyName PyTorch -NotePropertyValue ([math]::Round($torchResults[$key], 3))
            $row | Add-Member -NotePropertyName Ratio -NotePropertyValue ([math]::Round($row.Ours / $torchResults[$key], 2))
        }
    }
    $results.Reference = $torchResults
}

$results.Rows = $rows
$rows | Format-Table Task, Ours, Unit, GFlops, Share, PyTorch, Ratio, Note -AutoSize | Out-Host
Write-Information "Peak working set: $($results.PeakWorkingSetMB) MB"
$results | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $OutputPath
Write-Information "Results: $OutputPath"
