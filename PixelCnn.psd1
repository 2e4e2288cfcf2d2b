@{
    RootModule           = 'module/PixelCnn.psm1'
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Core')
    GUID                 = '5f0d7b64-2f9e-4d38-9a4e-6d1c2b8f3a71'
    Author               = 'PixelCnn contributors'
    CompanyName          = 'PixelCnn'
    Copyright            = '(c) PixelCnn contributors. MIT licence.'
    Description          = 'Train, sample and inspect PixelCNN image models (van den Oord et al. 2016) on MNIST from PowerShell, on CPU or CUDA, with TorchSharp.'
    PowerShellVersion    = '7.6'
    FormatsToProcess     = @('module/PixelCnn.Format.ps1xml')
    FunctionsToExport    = @()
    CmdletsToExport      = @(
        'Import-Mnist'
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
        }
    }
}
