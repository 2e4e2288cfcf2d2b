<#
.SYNOPSIS
Generates the module's MAML help file (PixelCnn.dll-Help.xml) from the help sources in this folder.

.DESCRIPTION
Each exported cmdlet has a source file <Cmdlet>.psd1 here with Synopsis, Description, Parameters (name to
description), Examples (Code and Remarks), Inputs, Outputs and Notes. A parameter that a base class declares for
several cmdlets is described once, in <BaseClass>.psd1 here (Parameters only), unless the cmdlet's source describes
it. Parameter types, positions, pipeline input and parameter sets come from the built cmdlets themselves
(Get-Command), so the help cannot drift from the code. A cmdlet without a source, a parameter without a description or a cmdlet with fewer than two
examples stops the build. Runs in a child pwsh so the build process does not load the module.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$ModulePath,
    [Parameter(Mandatory)][string]$OutputPath,
    [switch]$InProcess
)

$ErrorActionPreference = 'Stop'
$InformationPreference = 'Continue'   # status lines go to the information stream, shown at the console
Set-StrictMode -Version Latest

# Get-PwshCommand, shared with the build and the tests.
Import-Module (Join-Path $PSScriptRoot '..' '..' 'build' 'BuildTools.psm1')

if (-not $InProcess) {
    $pwsh = Get-PwshCommand
    & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File $PSCommandPath -ModulePath $ModulePath -OutputPath $OutputPath -InProcess
    if ($LASTEXITCODE -ne 0) { throw "Help generation failed (exit code $LASTEXITCODE)." }
    return
}

function ConvertTo-XmlText([string]$Text) { [System.Security.SecurityElement]::Escape($Text) }

function ConvertTo-MamlPara([string]$Text) {
    ($Text -split "`r?`n`r?`n" | ForEach-Object { "<maml:para>$(ConvertTo-XmlText $_.Trim())</maml:para>" }) -join ''
}

$common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
$module = Import-Module -Name $ModulePath -PassThru -Force
$sourceFolder = $PSScriptRoot
# The architectures the module knows, from its registry (the core assembly loads in the module's own load context, so
# its types are found through the loaded assembly, not by type name): '{Architectures}' in a help text becomes their list.
$core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'PixelCnn.Core' } | Select-Object -First 1
if (-not $core) { throw 'Help generation: the module did not load PixelCnn.Core.' }
$architectures = ($core.GetType('PixelCnn.Architectures.ArchitectureRegistry', $true)::All | ForEach-Object { "$($_.Name): $($_.Description)." }) -join ' '
$builder = [System.Text.StringBuilder]::new()
[void]$builder.AppendLine('<?xml version="1.0" encoding="utf-8"?>')
[void]$builder.AppendLine('<helpItems schema="maml" xmlns="http://msh">')

foreach ($command in (Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name)) {
    $sourcePath = Join-Path $sourceFolder "$($command.Name).psd1"
    if (-not (Test-Path -LiteralPath $sourcePath)) { throw "No help source for $($command.Name): create $sourcePath." }
    $help = Import-PowerShellDataFile -LiteralPath $sourcePath
    if (@($help.Examples).Count -lt 2) { throw "$sourcePath needs at least two examples." }

    $parameters = $command.Parameters.Values | Where-Object { $_.Name -notin $common }
    foreach ($p in $parameters) {
        if ($help.Parameters.ContainsKey($p.Name)) { continue }
        $declaring = $command.ImplementingType.GetProperty($p.Name).DeclaringType.Name
        $sharedPath = Join-Path $sourceFolder "$declaring.psd1"
        $shared = if ($declaring -ne $command.ImplementingType.Name -and (Test-Path -LiteralPath $sharedPath)) { Import-PowerShellDataFile -LiteralPath $sharedPath }
        if (-not $shared -or -not $shared.Parameters.ContainsKey($p.Name)) { throw "$sourcePath has no description of parameter -$($p.Name) (nor $sharedPath, the source of its declaring class $declaring)." }
        $help.Parameters[$p.Name] = $shared.Parameters[$p.Name]
    }

    $verb, $noun = $command.Name -split '-', 2
    [void]$builder.AppendLine('<command:command xmlns:maml="http://schemas.microsoft.com/maml/2004/10" xmlns:command="http://schemas.microsoft.com/maml/dev/command/2004/10" xmlns:dev="http://schemas.microsoft.com/maml/dev/2004/10">')
    [void]$builder.AppendLine("<command:details><command:name>$($command.Name)</command:name><command:verb>$verb</command:verb><command:noun>$noun</command:noun><maml:description>$(ConvertTo-MamlPara $help.Synopsis)</maml:description></command:details>")
    [void]$builder.AppendLine("<maml:description>$(ConvertTo-MamlPara $help.Description)</maml:description>")

    function ConvertTo-ParameterXml($p, $meta) {
        # $meta: the parameter's CommandParameterInfo in one parameter set.
        $required = if ($meta.IsMandatory) { 'true' } else { 'false' }
        $position = if ($meta.Position -ge 0) { $meta.Position } else { 'named' }
        $pipeline = @()
        if ($meta.ValueFromPipeline) { $pipeline += 'ByValue' }
        if ($meta.ValueFromPipelineByPropertyName) { $pipeline += 'ByPropertyName' }
        $pipelineText = if ($pipeline) { "true ($($pipeline -join ', '))" } else { 'false' }
        $aliases = if ($p.Aliases.Count) { $p.Aliases -join ', ' } else { 'none' }
        $isSwitch = $p.SwitchParameter
        $shownType = [Nullable]::GetUnderlyingType($p.ParameterType) ?? $p.ParameterType
        $typeName = $shownType.FullName
        $value = if ($isSwitch) { '' } else { "<command:parameterValue required=`"true`" variableLength=`"false`">$(ConvertTo-XmlText $shownType.Name)</command:parameterValue>" }
        "<command:parameter required=`"$required`" variableLength=`"true`" globbing=`"false`" pipelineInput=`"$pipelineText`" position=`"$position`" aliases=`"$aliases`"><maml:name>$($p.Name)</maml:name><maml:description>$(ConvertTo-MamlPara $help.Parameters[$p.Name].Replace('{Architectures}', $architectures))</maml:description>$value<dev:type><maml:name>$(ConvertTo-XmlText $typeName)</maml:name><maml:uri /></dev:type></command:parameter>"
    }

    [void]$builder.AppendLine('<command:syntax>')
    foreach ($set in $command.ParameterSets) {
        [void]$builder.Append("<command:syntaxItem><maml:name>$($command.Name)</maml:name>")
        foreach ($sp in ($set.Parameters | Where-Object { $_.Name -notin $common })) {
            $full = $command.Parameters[$sp.Name]
            [void]$builder.Append((ConvertTo-ParameterXml $full $sp))
        }
        [void]$builder.AppendLine('</command:syntaxItem>')
    }
    [void]$builder.AppendLine('</command:syntax>')

    [void]$builder.AppendLine('<command:parameters>')
    foreach ($p in $parameters) {
        $meta = $command.ParameterSets.Parameters | Where-Object Name -EQ $p.Name | Select-Object -First 1
        [void]$builder.AppendLine((ConvertTo-ParameterXml $p $meta))
    }
    [void]$builder.AppendLine('</command:parameters>')

    [void]$builder.AppendLine('<command:inputTypes>')
    foreach ($input in @($help.Inputs)) {
        [void]$builder.AppendLine("<command:inputType><dev:type><maml:name>$(ConvertTo-XmlText $input.Type)</maml:name></dev:type><maml:description>$(ConvertTo-MamlPara $input.Description)</maml:description></command:inputType>")
    }
    [void]$builder.AppendLine('</command:inputTypes>')

    [void]$builder.AppendLine('<command:returnValues>')
    foreach ($output in @($help.Outputs)) {
        [void]$builder.AppendLine("<command:returnValue><dev:type><maml:name>$(ConvertTo-XmlText $output.Type)</maml:name></dev:type><maml:description>$(ConvertTo-MamlPara $output.Description)</maml:description></command:returnValue>")
    }
    [void]$builder.AppendLine('</command:returnValues>')

    if ($help.ContainsKey('Notes')) {
        [void]$builder.AppendLine("<maml:alertSet><maml:alert>$(ConvertTo-MamlPara $help.Notes)</maml:alert></maml:alertSet>")
    }

    [void]$builder.AppendLine('<command:examples>')
    $number = 0
    foreach ($example in $help.Examples) {
        $number++
        [void]$builder.AppendLine("<command:example><maml:title>-------------------------- Example $number --------------------------</maml:title><dev:code>$(ConvertTo-XmlText $example.Code)</dev:code><dev:remarks>$(ConvertTo-MamlPara $example.Remarks)</dev:remarks></command:example>")
    }
    [void]$builder.AppendLine('</command:examples>')
    [void]$builder.AppendLine('<command:relatedLinks><maml:navigationLink><maml:linkText>about_PixelCnn</maml:linkText><maml:uri /></maml:navigationLink></command:relatedLinks>')
    [void]$builder.AppendLine('</command:command>')
}
[void]$builder.AppendLine('</helpItems>')

New-Item -ItemType Directory -Path $OutputPath -Force | Out-Null
$target = Join-Path $OutputPath 'PixelCnn.dll-Help.xml'
[xml]$null = $builder.ToString()   # fails the build on malformed XML
[System.IO.File]::WriteAllText($target, $builder.ToString(), [System.Text.UTF8Encoding]::new($false))
Write-Information "Help: $target"
