<#
.SYNOPSIS
Writes the checkpoints of tests/data that PyTorch reads back in make_module_checkpoint_golden.py: a tutorial
PixelCNN, a Gated PixelCNN and a class-conditional Gated PixelCNN (hidden 8), each trained one epoch on 64 MNIST images by the module
(so BatchNorm statistics, biases and label embeddings are not their initial values), saved without optimizer state.

.EXAMPLE
dotnet pwsh ./tests/reference/Save-ModuleCheckpoints.ps1 -ModulePath ./output/PixelCnn/PixelCnn.psd1
#>
param(
    [string]$ModulePath = (Join-Path $PSScriptRoot '..' '..' 'output' 'PixelCnn' 'PixelCnn.psd1'),
    # Only the checkpoints with these names (default: all).
    [string[]]$Name
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$data = Import-Mnist -Split Train -First 64
$folder = Join-Path $PSScriptRoot '..' 'data'
foreach ($spec in @(@{ Name = 'module-pixelcnn-h8'; Architecture = 'PixelCnn'; Conditional = $false },
                    @{ Name = 'module-gated-h8'; Architecture = 'Gated'; Conditional = $false },
                    @{ Name = 'module-gated-conditional-h8'; Architecture = 'Gated'; Conditional = $true }) | Where-Object { -not $Name -or $_.Name -in $Name }) {
    $model = New-PixelCnn -Architecture $spec.Architecture -Conditional:$spec.Conditional -HiddenDim 8 -Device Cpu -Seed 3
    Start-PixelCnnTraining -Model $model -Data $data -Epochs 1 -BatchSize 16 -LearningRate 3e-3 -Seed 1 | Out-Null
    Save-PixelCnn -Model $model -Path (Join-Path $folder "$($spec.Name).safetensors") -ExcludeOptimizerState -Force | Out-Null
}
