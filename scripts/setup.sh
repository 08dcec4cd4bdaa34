#!/usr/bin/env bash
# Installs the Debian 12 packages contentgate needs that are not installed yet.
# Run as root (or with sudo available). Installs nothing when all are present.
# With --tests it also installs what the test suite alone needs: the Python
# jsonschema validator, minisign (signature interoperability), pre-commit,
# clang-format-14, AFL++, the i686 and s390x cross compilers and C libraries
# with qemu-user (the C core's portability tests), npm, and the npm packages that ship the
# official SARIF 2.1.0 schema (@microsoft/jest-sarif) and Microsoft's SARIF
# Multitool (@microsoft/sarif-multitool-linux).
set -euo pipefail
tests=false
[ "${1:-}" = --tests ] && tests=true

packages=(
  g++ cmake ninja-build pkg-config python3
  libabsl-dev nlohmann-json3-dev libisal-dev libre2-dev libcli11-dev libsodium-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev libsodium-dev
)
# Extra packages a caller asks for (e.g. CONTENTGATE_EXTRA_PACKAGES="hyperfine").
$tests && packages+=(ccache python3-jsonschema python3-yaml minisign pre-commit git clang-format-14 afl++ zip
                     gcc-i686-linux-gnu gcc-s390x-linux-gnu libc6-dev-i386-cross libc6-dev-s390x-cross
                     qemu-user)
$tests && ! command -v npm >/dev/null && packages+=(npm)
read -r -a extra <<< "${CONTENTGATE_EXTRA_PACKAGES:-}"
packages+=("${extra[@]}")

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$status" = installed ] || missing+=("$p")
done
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

multitool_package=@microsoft/sarif-multitool-linux@5.7.0
if $tests && [ ! -d "$(npm root -g)/@microsoft/sarif-multitool-linux" ]; then
  echo "setup: installing $multitool_package (Microsoft's SARIF Multitool) with npm" >&2
  "${sudo[@]}" npm install -g --no-audit --no-fund "$multitool_package" >&2 ||
    echo "setup: warning: npm could not install $multitool_package; the Multitool test will be skipped" >&2
fi

sarif_package=@microsoft/jest-sarif@1.0.0-beta.0
if $tests && [ ! -f "$(npm root -g)/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json" ]; then
  echo "setup: installing $sarif_package (the SARIF 2.1.0 schema) with npm" >&2
  "${sudo[@]}" npm install -g --no-audit --no-fund "$sarif_package" >&2 ||
    echo "setup: warning: npm could not install $sarif_package; the SARIF schema test will be skipped" >&2
fi
