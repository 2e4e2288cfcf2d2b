<#
.SYNOPSIS
Makes TorchSharp's libLibTorchSharp.so load on a system whose libstdc++ lacks GLIBCXX_3.4.32.

.DESCRIPTION
TorchSharp 0.107's libLibTorchSharp.so needs GLIBCXX_3.4.32 for one symbol,
std::ios_base_library_init(). Debian 12's libstdc++ stops at GLIBCXX_3.4.30, so the loader refuses the
library ("Unable to load shared library 'LibTorchSharp'"). Where the system lacks that version, this
script edits the library in place (all edits keep every size and offset):

1. removes the GLIBCXX_3.4.32 entry from libstdc++'s list in .gnu.version_r;
2. makes every symbol that used that version unversioned in .gnu.version (only
   _ZSt21ios_base_library_initv is expected; anything else stops the script);
3. compiles ios_base_library_init.cpp into libpixelcnn_iosinit.so next to the library and adds it as a
   DT_NEEDED entry. The entry reuses the library's DT_SYMBOLIC slot, which is redundant because DT_FLAGS
   already carries DF_SYMBOLIC; its name is stored in the space of the RUNPATH string, which is cut down to
   "$ORIGIN/" (the rest of it names folders of TorchSharp's build machine).

Where the system has the version, or the library is already repaired, nothing is changed.
The file is written to a temporary name and then renamed, so it is never left half-written.
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    # Path to libLibTorchSharp.so in the module's output folder.
    [Parameter(Mandatory)]
    [string]$LibraryPath,

    # The libstdc++ to test for the version; by default the one the dynamic loader finds.
    [string]$LibStdCxxPath,

    # Repair even where the system's libstdc++ has the version (for tests).
    [switch]$Force
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$MissingVersion = 'GLIBCXX_3.4.32'
$ExpectedSymbol = '_ZSt21ios_base_library_initv'
$ShimName = 'libpixelcnn_iosinit.so'

function Find-LibStdCxx {
    $ldconfig = Get-Command -Name ldconfig -CommandType Application -ErrorAction SilentlyContinue |
        Select-Object -First 1
    if (-not $ldconfig) {
        foreach ($candidate in '/sbin/ldconfig', '/usr/sbin/ldconfig') {
            if (Test-Path -LiteralPath $candidate) { $ldconfig = $candidate }
        }
    }
    if ($ldconfig) {
        $line = & $ldconfig -p | Where-Object { $_ -match 'libstdc\+\+\.so\.6 .*x86-64|libstdc\+\+\.so\.6 .*=>' } |
            Select-Object -First 1
        if ($line -match '=>\s*(\S+)') { return $Matches[1] }
    }
    foreach ($candidate in '/usr/lib/x86_64-linux-gnu/libstdc++.so.6', '/usr/lib64/libstdc++.so.6', '/usr/lib/libstdc++.so.6') {
        if (Test-Path -LiteralPath $candidate) { return $candidate }
    }
    throw 'Cannot find libstdc++.so.6 on this system.'
}

function Test-BytesContain([byte[]]$Bytes, [string]$Text) {
    return [System.Text.Encoding]::Latin1.GetString($Bytes).Contains($Text + "`0", [StringComparison]::Ordinal)
}

function Read-CString([byte[]]$Bytes, [long]$Offset) {
    $end = $Offset
    while ($Bytes[$end] -ne 0) { $end++ }
    return [System.Text.Encoding]::ASCII.GetString($Bytes, $Offset, $end - $Offset)
}

$LibraryPath = (Resolve-Path -LiteralPath $LibraryPath).ProviderPath
if (-not $LibStdCxxPath) { $LibStdCxxPath = Find-LibStdCxx }
$systemHasVersion = Test-BytesContain ([System.IO.File]::ReadAllBytes($LibStdCxxPath)) $MissingVersion
if ($systemHasVersion -and -not $Force) {
    Write-Verbose "$LibStdCxxPath provides $MissingVersion; $LibraryPath is left as it is."
    return [pscustomobject]@{ Library = $LibraryPath; Repaired = $false; Reason = "system libstdc++ has $MissingVersion" }
}

[byte[]]$elf = [System.IO.File]::ReadAllBytes($LibraryPath)
if ($elf.Length -lt 64 -or $elf[0] -ne 0x7F -or $elf[1] -ne 0x45 -or $elf[4] -ne 2 -or $elf[5] -ne 1) {
    throw "$LibraryPath is not a little-endian 64-bit ELF file."
}
$bc = [System.BitConverter]
$shoff = $bc::ToInt64($elf, 0x28)
$shentsize = $bc::ToUInt16($elf, 0x3A)
$shnum = $bc::ToUInt16($elf, 0x3C)

$sections = for ($i = 0; $i -lt $shnum; $i++) {
    $h = $shoff + $i * $shentsize
    [pscustomobject]@{
        Index  = $i
        Type   = $bc::ToUInt32($elf, $h + 4)
        Offset = $bc::ToInt64($elf, $h + 24)
        Size   = $bc::ToInt64($elf, $h + 32)
        Link   = $bc::ToUInt32($elf, $h + 40)
    }
}
$verneed = $sections | Where-Object Type -EQ 0x6ffffffe | Select-Object -First 1
$versym = $sections | Where-Object Type -EQ 0x6fffffff | Select-Object -First 1
$dynsym = $sections | Where-Object Type -EQ 11 | Select-Object -First 1
$dynamic = $sections | Where-Object Type -EQ 6 | Select-Object -First 1
if (-not ($verneed -and $versym -and $dynsym -and $dynamic)) {
    throw "$LibraryPath lacks a section this repair needs (.gnu.version_r, .gnu.version, .dynsym, .dynamic)."
}
$dynstr = $sections[$dynsym.Link]

# 1. Find and unlink the GLIBCXX_3.4.32 entry of libstdc++ in .gnu.version_r.
$removedIndex = $null
$vn = $verneed.Offset
while ($true) {
    $vnCnt = $bc::ToUInt16($elf, $vn + 2)
    $vnFile = Read-CString $elf ($dynstr.Offset + $bc::ToUInt32($elf, $vn + 4))
    $vnAux = $bc::ToUInt32($elf, $vn + 8)
    $vnNext = $bc::ToUInt32($elf, $vn + 12)
    if ($vnFile -eq 'libstdc++.so.6') {
        $prev = $null
        $aux = $vn + $vnAux
        for ($k = 0; $k -lt $vnCnt; $k++) {
            $auxName = Read-CString $elf ($dynstr.Offset + $bc::ToUInt32($elf, $aux + 8))
            $auxNext = $bc::ToUInt32($elf, $aux + 12)
            if ($auxName -eq $MissingVersion) {
                $removedIndex = $bc::ToUInt16($elf, $aux + 6)
                if ($vnCnt -lt 2) { throw "$MissingVersion is the only libstdc++ version $LibraryPath needs; cannot unlink it." }
                if ($null -eq $prev) {
                    [BitConverter]::GetBytes([uint32]($vnAux + $auxNext)).CopyTo($elf, $vn + 8)
                }
                else {
                    $prevNext = $bc::ToUInt32($elf, $prev + 12)
                    $newNext = if ($auxNext -eq 0) { 0 } else { $prevNext + $auxNext }
                    [BitConverter]::GetBytes([uint32]$newNext).CopyTo($elf, $prev + 12)
                }
                [BitConverter]::GetBytes([uint16]($vnCnt - 1)).CopyTo($elf, $vn + 2)
                break
            }
            $prev = $aux
            $aux += $auxNext
        }
    }
    if ($vnNext -eq 0) { break }
    $vn += $vnNext
}
if ($null -eq $removedIndex) {
    Write-Verbose "$LibraryPath does not need $MissingVersion (already repaired or a different build)."
    return [pscustomobject]@{ Library = $LibraryPath; Repaired = $false; Reason = "library does not need $MissingVersion" }
}

# 2. Make the symbols of that version unversioned (VER_NDX_GLOBAL = 1).
$symbolCount = [int]($dynsym.Size / 24)
for ($s = 0; $s -lt $symbolCount; $s++) {
    $at = $versym.Offset + 2 * $s
    if (($bc::ToUInt16($elf, $at) -band 0x7fff) -eq $removedIndex) {
        $name = Read-CString $elf ($dynstr.Offset + $bc::ToUInt32($elf, $dynsym.Offset + 24 * $s))
        if ($name -ne $ExpectedSymbol) {
            throw "$LibraryPath needs $name from $MissingVersion; only $ExpectedSymbol can be provided by the shim."
        }
        [BitConverter]::GetBytes([uint16]1).CopyTo($elf, $at)
    }
}

# 3. Add the shim as DT_NEEDED in the redundant DT_SYMBOLIC slot, its name in the RUNPATH string's space.
$entries = [int]($dynamic.Size / 16)
$symbolicSlot = $null; $runpathSlot = $null; $flagsSymbolic = $false
for ($d = 0; $d -lt $entries; $d++) {
    $at = $dynamic.Offset + 16 * $d
    $tag = $bc::ToInt64($elf, $at)
    switch ($tag) {
        16 { $symbolicSlot = $at }                                     # DT_SYMBOLIC
        29 { $runpathSlot = $at }                                      # DT_RUNPATH
        30 { if (($bc::ToUInt64($elf, $at + 8) -band 2) -ne 0) { $flagsSymbolic = $true } }  # DT_FLAGS & DF_SYMBOLIC
    }
}
if (-not ($symbolicSlot -and $runpathSlot -and $flagsSymbolic)) {
    throw "$LibraryPath has no redundant DT_SYMBOLIC entry or no RUNPATH; the in-place repair does not apply to this build."
}
$runpathOffset = $dynstr.Offset + $bc::ToInt64($elf, $runpathSlot + 8)
$oldRunpath = Read-CString $elf $runpathOffset
$newRunpath = '$ORIGIN/'
if (-not $oldRunpath.StartsWith($newRunpath)) { throw "RUNPATH of $LibraryPath does not start with `$ORIGIN/: '$oldRunpath'." }
$payload = [System.Text.Encoding]::ASCII.GetBytes("$newRunpath`0$ShimName`0")
if ($payload.Length -gt $oldRunpath.Length + 1) { throw "RUNPATH of $LibraryPath is too short to hold the shim's name." }
[Array]::Clear($elf, $runpathOffset, $oldRunpath.Length + 1)
$payload.CopyTo($elf, $runpathOffset)
$shimNameOffset = $bc::ToInt64($elf, $runpathSlot + 8) + $newRunpath.Length + 1
[BitConverter]::GetBytes([long]1).CopyTo($elf, $symbolicSlot)                 # DT_NEEDED
[BitConverter]::GetBytes([long]$shimNameOffset).CopyTo($elf, $symbolicSlot + 8)

$directory = Split-Path -Parent $LibraryPath
$shimPath = Join-Path $directory $ShimName
if ($PSCmdlet.ShouldProcess($LibraryPath, "Remove $MissingVersion and load $ShimName")) {
    $gxx = Get-Command -Name g++ -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $gxx) { throw "g++ is needed to build $ShimName (apt-get install -y g++)." }
    $source = Join-Path $PSScriptRoot 'ios_base_library_init.cpp'
    & $gxx.Source -shared -fPIC -O2 -o "$shimPath.tmp" $source
    if ($LASTEXITCODE -ne 0) { throw "g++ failed to build $ShimName." }
    Move-Item -LiteralPath "$shimPath.tmp" -Destination $shimPath -Force
    [System.IO.File]::WriteAllBytes("$LibraryPath.tmp", $elf)
    Move-Item -LiteralPath "$LibraryPath.tmp" -Destination $LibraryPath -Force
}
[pscustomobject]@{ Library = $LibraryPath; Repaired = $true; Reason = "system libstdc++ lacks $MissingVersion"; Shim = $shimPath }
