# shellcheck shell=bash disable=SC2034  # WHISK_CTEST_* are read by the caller
# Shared by dev/setup and dev/test; sourced, not run. Expects the repository
# root as the working directory and `set -euo pipefail` in the caller.

# What the build, the tests and the tools need (clang and libclang-rt-14-dev:
# the libFuzzer target; graphviz: dependency graphs; vim-nox and emacs-nox:
# the editor tests run editors/vim and editors/emacs in them).
WHISK_PACKAGES=(cmake ninja-build g++ clang libclang-rt-14-dev graphviz
  tao-pegtl-dev libfmt-dev libyaml-cpp-dev nlohmann-json3-dev
  libcurl4-openssl-dev libgtest-dev libgmock-dev vim-nox emacs-nox)

whisk_step() { echo "==> $*"; }

# Installs the packages that are missing; touches nothing (not even
# `apt-get update`) when all are there.
whisk_install_packages() {
  local missing=() package
  for package in "${WHISK_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$package")
    fi
  done
  if ((${#missing[@]} == 0)); then
    whisk_step "packages: all installed"
    return 0
  fi
  whisk_step "packages: installing ${missing[*]}"
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -y -qq -o=Dpkg::Use-Pty=0)
  if ((EUID != 0)); then apt=(sudo "${apt[@]}"); fi
  local attempt
  for attempt in 1 2 3; do
    if "${apt[@]}" update </dev/null &&
      "${apt[@]}" install --no-install-recommends "${missing[@]}" </dev/null >/dev/null; then
      return 0
    fi
    whisk_step "packages: apt-get failed (attempt $attempt of 3)"
    sleep $((attempt * 5))
  done
  echo "error: could not install ${missing[*]}" >&2
  return 1
}

# Installs the npm packages of the Node.js test directories (each one's
# package-lock.json: tests/schema, tests/kube, tests/editors, tests/lsp, and
# editors/vscode, which the editor tests package) when they are missing or
# older than the lockfile; npm's output is shown only on failure. npm ci writes
# node_modules/.package-lock.json, hence the test.
WHISK_NODE_DIRS=(tests/schema tests/kube tests/editors editors/vscode tests/lsp)

whisk_install_node_packages() {
  local dir log
  for dir in "${WHISK_NODE_DIRS[@]}"; do
    if [[ ! "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]]; then
      whisk_step "node packages: $dir installed"
      continue
    fi
    whisk_step "node packages: npm ci --prefix $dir"
    if ! log=$(npm ci --prefix "$dir" --no-audit --no-fund 2>&1); then
      printf '%s\n' "$log" >&2
      echo "error: npm ci --prefix $dir failed (the tests there need Node.js >= 20 with npm)" >&2
      return 1
    fi
  done
}

# whisk_build DIR [CMAKE_ARGS...]: configures DIR with Ninja (output shown only
# on failure) and builds it.
whisk_build() {
  local dir=$1
  shift
  if [[ -f "$dir/CMakeCache.txt" ]] && ! grep -qx 'CMAKE_GENERATOR:INTERNAL=Ninja' "$dir/CMakeCache.txt"; then
    whisk_step "$dir/ was configured with another generator: starting it afresh"
    rm -rf "$dir/CMakeCache.txt" "$dir/CMakeFiles"
  fi
  whisk_step "configuring $dir/ $*"
  local log
  if ! log=$(cmake -S . -B "$dir" -G Ninja "$@" 2>&1); then
    printf '%s\n' "$log" >&2
    return 1
  fi
  whisk_step "building $dir/"
  cmake --build "$dir"
}

# whisk_ctest DIR: runs DIR's tests; leaves ctest's result line ("100% tests
# passed, 0 tests failed out of N") in WHISK_CTEST_RESULT and the failed tests'
# lines in WHISK_CTEST_FAILED. Returns ctest's status.
whisk_ctest() {
  local dir=$1 log="$1/dev-test-ctest.log" status=0
  ctest --test-dir "$dir" --output-on-failure --no-tests=error -j2 --timeout 300 2>&1 |
    tee "$log" || status=$?
  WHISK_CTEST_RESULT=$(grep -E '[0-9]+% tests passed' "$log" | tail -n 1 || true)
  [[ -n "$WHISK_CTEST_RESULT" ]] || WHISK_CTEST_RESULT="ctest failed (status $status), see $log"
  WHISK_CTEST_FAILED=$(sed -n '/^The following tests FAILED:/,/^Errors while running CTest/p' "$log" |
    grep -E '^[[:space:]]+[0-9]+ - ' || true)
  return "$status"
}
