#!/usr/bin/env bash
# CrowdKD set-up on Debian 12: installs the missing Debian packages, configures, builds in Release,
# then starts the studio (`./setup.sh run`) or runs the whole test suite (`./setup.sh test`);
# `./setup.sh asan|tsan|fuzz` run the reliability stages (docs/reliability.md).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

action=${1:-run}
shift || true
build_dir=${CROWDKD_BUILD_DIR:-build}

# What the build needs, and what the tests need on top (SciPy and PyTorch check our files' interop).
build_packages=(build-essential cmake ninja-build ccache pkg-config
    qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev qt6-translations-l10n
    libtorch-dev libdnnl-dev libgloo-dev libopencv-dev libqcustomplot-dev libmatio-dev libonnx-dev nlohmann-json3-dev libcli11-dev
    libprotobuf-dev zlib1g-dev
    fonts-noto-cjk)
test_packages=(python3-numpy python3-scipy python3-torch python3-torchvision xvfb xauth)
# Packaging (cmake/CrowdKDPackaging.cmake): CPack DEB runs dpkg-shlibdeps and file; tests/packaging
# validates the desktop entry, the AppStream metainfo and the man page.
build_packages+=(dpkg-dev file gzip)
test_packages+=(desktop-file-utils appstream groff-base)
# Reliability stages (`./setup.sh asan|tsan|fuzz`, run by CI after the tests): clang with libFuzzer
# and the sanitizer runtimes, llvm-symbolizer for readable reports.
reliability_packages=(clang libclang-rt-14-dev llvm)

install_missing() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "CrowdKD: installing missing Debian packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

configure_and_build() {
    local generator=()
    command -v ninja >/dev/null && generator=(-G Ninja)
    local launcher=()
    command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    # Let ccache share results between clones (relative paths) and cache the precompiled headers.
    export CCACHE_BASEDIR="$PWD"
    export CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
    cmake -S . -B "$build_dir" "${generator[@]}" "${launcher[@]}" -DCMAKE_BUILD_TYPE=Release
    cmake --build "$build_dir" --parallel "$(nproc)"
}

case "$action" in
run)
    install_missing "${build_packages[@]}"
    configure_and_build
    exec "$build_dir/app/studio/crowdkd-studio" "$@"
    ;;
test)
    install_missing "${build_packages[@]}" "${test_packages[@]}"
    configure_and_build
    cd "$build_dir"
    ctest --output-on-failure --timeout 1200 "$@"
    ;;
build)
    install_missing "${build_packages[@]}"
    configure_and_build
    ;;
asan | tsan)
    # The core test suite under AddressSanitizer + UBSan (or ThreadSanitizer), build-asan/ (build-tsan/).
    install_missing "${build_packages[@]}" "${test_packages[@]}" "${reliability_packages[@]}"
    exec bash .ci/sanitizers "$action" "$@"
    ;;
fuzz)
    # Each libFuzzer target for CROWDKD_FUZZ_SECONDS (default 30), build-fuzz/.
    install_missing "${build_packages[@]}" "${test_packages[@]}" "${reliability_packages[@]}"
    exec bash .ci/fuzz "$@"
    ;;
*)
    echo "usage: $0 run|test|build|asan|tsan|fuzz [arguments]" >&2
    exit 2
    ;;
esac
