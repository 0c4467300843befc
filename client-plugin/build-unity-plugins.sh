#!/usr/bin/env bash
# Publishes the netstandard2.1 client and copies it with its dependencies into the Unity package's Runtime/Plugins.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(mktemp -d)"
dotnet publish "$here/NextGpt.Realtime.Client/NextGpt.Realtime.Client.csproj" -c Release -o "$out"
mkdir -p "$here/com.nextgpt.realtime/Runtime/Plugins"
cp "$out"/*.dll "$here/com.nextgpt.realtime/Runtime/Plugins/"
echo "Copied $(ls "$out"/*.dll | wc -l) assemblies to com.nextgpt.realtime/Runtime/Plugins"
