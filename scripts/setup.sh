#!/usr/bin/env bash
# Installs the Debian 12 packages contentgate needs that are not installed yet.
# Run as root (or with sudo available). Installs nothing when all are present.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config python3
  libabsl-dev nlohmann-json3-dev libisal-dev libre2-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev
)
# Extra packages a caller asks for (e.g. CONTENTGATE_EXTRA_PACKAGES="hyperfine").
read -r -a extra <<< "${CONTENTGATE_EXTRA_PACKAGES:-}"
packages+=("${extra[@]}")

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$status" = installed ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}" >&2
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
