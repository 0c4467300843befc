#!/usr/bin/env bash
# The whole test suite, as CI and a new user run it: installs the system packages the tests use when they are missing,
# then runs every test project with `dotnet test`. Usage: ./test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")"

# Debian package -> a file that proves it is installed.
declare -A needed=(
  [ffmpeg]=/usr/bin/ffmpeg
  [redis-server]=/usr/bin/redis-server
  [espeak-ng]=/usr/bin/espeak-ng
  [sox]=/usr/bin/sox
  [chromium]=/usr/bin/chromium
  [nodejs]=/usr/bin/node
  [npm]=/usr/bin/npm
)
missing=()
for package in "${!needed[@]}"; do
  [ -e "${needed[$package]}" ] || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]} (apt-get)"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test NextGpt.Realtime.sln --nologo "$@" 2>&1 | tee "$log" || status=$?

# One plain closing line over all test assemblies ("N passed, N failed").
awk '/(Passed|Failed)! +- +Failed: /{
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit $status
