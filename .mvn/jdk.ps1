# Run by mvnw.cmd (a few lines near its top): the Windows counterpart of .mvn/jdk.sh, which ./mvnw sources. Maven must
# run on a JDK of at least the version jdk.sh holds (nificrm_minimum_java; read from there so it is written once).
#
# Prints one line for mvnw.cmd to read:
#   nothing    - the java Maven would use (JAVA_HOME, else java on PATH) is new enough: nothing changes;
#   a path     - the newest JDK new enough found in the usual places, to use as JAVA_HOME (said in one line on stderr);
#   FAIL       - there is none (why and what to install on stderr); mvnw.cmd stops.
# The usual places: every folder two levels under Program Files (C:\Program Files\Eclipse Adoptium\jdk-21.0.5.11-hotspot,
# ...\Java\jdk-21, ...\Microsoft\jdk-21.0.5.11-hotspot, ...\Zulu\zulu-21, ...\Amazon Corretto\jdk21.0.5_11, ...),
# IntelliJ's %USERPROFILE%\.jdks and Scoop's %USERPROFILE%\scoop\apps\*\current.
# Written for Windows PowerShell 5.1 (every Windows 10/11 has it); mvnw.cmd runs it as it runs the wrapper's own part.

$ErrorActionPreference = "Stop"

$minimum = 21
$jdkSh = Join-Path $scriptDir ".mvn\jdk.sh"
if (Test-Path -LiteralPath $jdkSh) {
  $line = Select-String -LiteralPath $jdkSh -Pattern '^nificrm_minimum_java=(\d+)' | Select-Object -First 1
  if ($line) { $minimum = [int]$line.Matches[0].Groups[1].Value }
}

# The feature version (8, 17, 21, 25...): the first quoted number of a release file's JAVA_VERSION="21.0.5" or of
# "java -version"'s openjdk version "21.0.5"; 1.8 is 8. 0 when there is none.
function Get-FeatureVersion([string] $text) {
  if ($text -match '"(1\.)?(\d+)') { return [int]$Matches[2] }
  return 0
}

# The feature version of the JDK whose home is $jdkHome (java.exe and javac.exe in bin), 0 when it holds none.
function Get-JdkVersion([string] $jdkHome) {
  if (-not $jdkHome -or -not (Test-Path -LiteralPath (Join-Path $jdkHome "bin\java.exe")) `
      -or -not (Test-Path -LiteralPath (Join-Path $jdkHome "bin\javac.exe"))) {
    return 0
  }
  $release = Join-Path $jdkHome "release"
  if (Test-Path -LiteralPath $release) {
    return Get-FeatureVersion (Select-String -LiteralPath $release -Pattern '^JAVA_VERSION=' | Select-Object -First 1).Line
  }
  return Get-JavaVersion (Join-Path $jdkHome "bin\java.exe")
}

# The feature version of a java.exe, from the first line "java -version" writes (on stderr).
function Get-JavaVersion([string] $java) {
  $start = New-Object System.Diagnostics.ProcessStartInfo $java, "-version"
  $start.UseShellExecute = $false
  $start.RedirectStandardError = $true
  $process = [System.Diagnostics.Process]::Start($start)
  $output = $process.StandardError.ReadToEnd()
  $process.WaitForExit()
  return Get-FeatureVersion $output
}

if ($env:JAVA_HOME) {
  $current = "JAVA_HOME ($env:JAVA_HOME)"
  $currentVersion = Get-JdkVersion $env:JAVA_HOME
} else {
  $java = Get-Command java.exe -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
  if ($java) {
    # Oracle's installer puts a java.exe that only forwards to its JDK on PATH: ask it rather than look for a home
    $current = "java on PATH ($($java.Path))"
    $currentVersion = Get-JavaVersion $java.Path
  } else {
    $current = "java on PATH (none)"
    $currentVersion = 0
  }
}
if ($currentVersion -ge $minimum) {
  exit 0
}
$current = if ($currentVersion -gt 0) { "$current is Java $currentVersion" } else { "$current is no JDK" }

$candidates = @()
foreach ($programFiles in @($env:ProgramFiles, $env:ProgramW6432) | Where-Object { $_ } | Select-Object -Unique) {
  $candidates += Get-ChildItem -LiteralPath $programFiles -Directory -ErrorAction SilentlyContinue |
    ForEach-Object { Get-ChildItem -LiteralPath $_.FullName -Directory -ErrorAction SilentlyContinue }
}
if ($env:USERPROFILE) {
  $candidates += Get-ChildItem -LiteralPath (Join-Path $env:USERPROFILE ".jdks") -Directory -ErrorAction SilentlyContinue
  # the "current" folders themselves (each a link to the installed version), not what they hold
  $candidates += Get-Item -Path (Join-Path $env:USERPROFILE "scoop\apps\*\current") -ErrorAction SilentlyContinue
}

$best = $null
$bestVersion = 0
foreach ($candidate in $candidates) {
  $version = Get-JdkVersion $candidate.FullName
  if ($version -gt $bestVersion) {
    $best = $candidate.FullName
    $bestVersion = $version
  }
}

if ($bestVersion -lt $minimum) {
  [Console]::Error.WriteLine("nifi-crm needs a JDK $minimum or newer to build (NiFi 2.x is Java $minimum), but $current " +
    "and no JDK $minimum+ was found under $env:ProgramFiles (two levels deep), %USERPROFILE%\.jdks or Scoop's apps. " +
    "Install one (e.g. Eclipse Temurin 21 or 25) or set JAVA_HOME to one.")
  Write-Output "FAIL"
  exit 1
}
[Console]::Error.WriteLine("Using JDK $bestVersion at ${best}: $current, this build needs $minimum+ (JAVA_HOME set for this console)")
Write-Output $best
