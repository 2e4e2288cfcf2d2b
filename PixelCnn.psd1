@{
    RootModule           = 'module/PixelCnn.psm1'
    ModuleVersion        = '0.2.0'
    CompatiblePSEditions = @('Core')
    GUID                 = '5f0d7b64-2f9e-4d38-9a4e-6d1c2b8f3a71'
    Author               = 'PixelCnn contributors'
    CompanyName          = 'PixelCnn'
    Copyright            = '(c) PixelCnn contributors. MIT licence.'
    Description          = 'Train, sample and inspect PixelCNN image models (van den Oord et al. 2016) on MNIST or your own greyscale pictures from PowerShell, on CPU or CUDA, with TorchSharp.'
    PowerShellVersion    = '7.6'
    TypesToProcess       = @('module/PixelCnn.Types.ps1xml')
    FormatsToProcess     = @('module/PixelCnn.Format.ps1xml')
    FunctionsToExport    = @()
    CmdletsToExport      = @(
        'Import-Mnist'
        'Import-PixelCnnDataset'
        'New-PixelCnn'
        'Import-PixelCnn'
        'Save-PixelCnn'
        'Start-PixelCnnTraining'
        'Get-PixelCnnSample'
        'Get-PixelCnnDistribution'
        'Complete-PixelCnnImage'
        'Measure-PixelCnnLikelihood'
        'Get-PixelCnnReceptiveField'
        'Export-Png'
        'Export-PixelCnnPlot'
    )
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('PixelCNN', 'MachineLearning', 'TorchSharp', 'MNIST', 'GenerativeModel')
            LicenseUri = 'https://opensource.org/licenses/MIT'
            ReleaseNotes = @'
0.2.0 (2026-12-02)
- Safe in several runspaces at once (ForEach-Object -Parallel): the module owns the native Scalars and temporaries
  TorchSharp 0.107 left to the garbage collector.
- Get-PixelCnnSample / Complete-PixelCnnImage -Guidance and -UnconditionalModel; the shipped GatedConditional model
  guides by default (judged right 91.5% against 69% unguided).
- New-PixelCnn -Seed makes a whole run reproducible.
- One package per platform: linux-x64, win-x64, osx-arm64 (build.ps1 -Task Package -Runtime).
- examples/pytorch/train_pixelcnn.py: train either architecture under torchrun; Import-PixelCnn reads the result.
- The README is a user's guide; reference pages in docs/.
Full history: CHANGELOG.md.
'@
        }
    }
}
