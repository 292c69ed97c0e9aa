# Shared by dev/setup and dev/test: installs what the build needs.
# Sourced, not run.

WHISK_PACKAGES=(cmake ninja-build g++ clang graphviz
  tao-pegtl-dev libfmt-dev libyaml-cpp-dev nlohmann-json3-dev
  libcurl4-openssl-dev libgtest-dev libgmock-dev libclang-rt-14-dev)

# Installs the packages that are missing; does nothing when all are there.
whisk_install_packages() {
  local missing=()
  local package
  for package in "${WHISK_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$package")
    fi
  done
  if ((${#missing[@]} == 0)); then
    return 0
  fi
  echo "==> installing ${missing[*]}"
  local sudo=()
  if ((EUID != 0)); then sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

# Configures and builds a tree: whisk_build DIR [cmake arguments...]
whisk_build() {
  local dir=$1
  shift
  echo "==> building $dir"
  cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
  cmake --build "$dir"
}
