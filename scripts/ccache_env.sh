# Sourced by the entry scripts: when ccache is installed, every CMake build
# below compiles through it, with paths taken relative to the checkout so
# that clones in other folders share the cache.
if command -v ccache >/dev/null 2>&1; then
  export CMAKE_C_COMPILER_LAUNCHER=ccache CMAKE_CXX_COMPILER_LAUNCHER=ccache
  export CCACHE_BASEDIR="$PWD"
fi
