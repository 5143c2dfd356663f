#!/usr/bin/env bash
# Tandem GPU check kit: runs Tandem's WebGPU engines on this machine's GPU, without a browser.
#
#   bash run.sh OUT_DIR [--quick] [--deadline-s N] [--dawn OPTION]...
#
# Needs only bash, coreutils and gzip, an x86-64 Linux with glibc >= 2.34 and GCC 12's libstdc++
# (what dawn.node links against: Ubuntu 22.04, Debian 12 or newer), and a Vulkan driver (the
# NVIDIA driver's ICD). Brings its own Node, Dawn (dawn.node) and, if the machine has none,
# the Vulkan loader. Writes OUT_DIR/report.json and OUT_DIR/report.md; finishes within 8 minutes.
# Exit status: 0 all passed or measured, 1 a check failed or threw, 2 cut short by the deadline,
# 3 no GPU adapter, 64 bad usage.
#
# Environment (all optional):
#   VK_DRIVER_FILES / VK_ICD_FILENAMES   Vulkan driver files to use (default: found below)
#   TANDEM_KIT_VULKAN_LOADER             auto (default: the system's libvulkan.so.1, else the kit's),
#                                        bundled, or system
#   TANDEM_KIT_ICD_DIRS                  colon-separated folders searched for driver files
#   TANDEM_KIT_DEADLINE_S                the checks' global deadline in seconds (default 440)
#   TANDEM_KIT_DRY_RUN=1                 print the environment chosen and exit
set -euo pipefail

KIT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ $# -lt 1 ] || [ "${1#-}" != "$1" ]; then
  echo "usage: bash $0 OUT_DIR [--quick] [--deadline-s N] [--dawn OPTION]..." >&2
  exit 64
fi
OUT="$1"
shift
DEADLINE_S="${TANDEM_KIT_DEADLINE_S:-440}"

say() { echo "run.sh: $*"; }

# --- Vulkan driver files: the NVIDIA ICD when there is one (a GPU machine: no software drivers),
# else every driver file found. The loader searches the standard folders itself, but not NVIDIA's
# container location, and an older loader knows only VK_ICD_FILENAMES: set both.
if [ -z "${VK_DRIVER_FILES:-}${VK_ICD_FILENAMES:-}" ]; then
  IFS=: read -r -a icd_dirs <<< "${TANDEM_KIT_ICD_DIRS:-/usr/local/nvidia/share/vulkan/icd.d:/usr/share/vulkan/icd.d:/etc/vulkan/icd.d:/usr/local/share/vulkan/icd.d}"
  nvidia=()
  others=()
  for dir in "${icd_dirs[@]}"; do
    for f in "$dir"/*.json; do
      [ -f "$f" ] || continue
      case "$(basename "$f")" in
        *nvidia*) nvidia+=("$f") ;;
        *) others+=("$f") ;;
      esac
    done
  done
  if [ ${#nvidia[@]} -gt 0 ]; then chosen=("${nvidia[@]}"); else chosen=("${others[@]+"${others[@]}"}"); fi
  if [ ${#chosen[@]} -gt 0 ]; then
    list="$(IFS=:; echo "${chosen[*]}")"
    export VK_DRIVER_FILES="$list" VK_ICD_FILENAMES="$list"
  fi
elif [ -z "${VK_DRIVER_FILES:-}" ]; then
  export VK_DRIVER_FILES="$VK_ICD_FILENAMES"
else
  export VK_ICD_FILENAMES="$VK_DRIVER_FILES"
fi

# --- The Vulkan loader: the system's when it has one, else the kit's (Debian's libvulkan1).
system_loader() {
  local d
  for d in /usr/lib/x86_64-linux-gnu /lib/x86_64-linux-gnu /usr/lib64 /lib64 /usr/lib /usr/local/lib; do
    if [ -e "$d/libvulkan.so.1" ]; then echo "$d/libvulkan.so.1"; return 0; fi
  done
  if command -v ldconfig > /dev/null 2>&1; then
    ldconfig -p 2> /dev/null | awk '/libvulkan\.so\.1 .*x86-64/ { print $NF; found = 1; exit } END { exit !found }'
    return $?
  fi
  return 1
}
bundled_version="$(cat "$KIT/lib/libvulkan1.version" 2> /dev/null || echo unknown)"
case "${TANDEM_KIT_VULKAN_LOADER:-auto}" in
  bundled) loader="" ;;
  system)
    loader="$(system_loader)" || { echo "run.sh: TANDEM_KIT_VULKAN_LOADER=system but this machine has no libvulkan.so.1" >&2; exit 3; } ;;
  auto) loader="$(system_loader)" || loader="" ;;
  *) echo "run.sh: TANDEM_KIT_VULKAN_LOADER must be auto, bundled or system" >&2; exit 64 ;;
esac
if [ -n "$loader" ]; then
  export TANDEM_KIT_VULKAN_LOADER_USED="system: $loader"
else
  export LD_LIBRARY_PATH="$KIT/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  export TANDEM_KIT_VULKAN_LOADER_USED="bundled: libvulkan1 $bundled_version (Debian), kit lib/"
fi
# The NVIDIA ICD names its library without a path; in containers it lives here.
for d in /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do
  if [ -d "$d" ]; then export LD_LIBRARY_PATH="${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}$d"; fi
done

glibc="$(getconf GNU_LIBC_VERSION 2> /dev/null | awk '{ print $2 }')"
if [ -n "$glibc" ] && [ "$(printf '%s\n' 2.34 "$glibc" | sort -V | head -n 1)" != 2.34 ]; then
  say "WARNING: glibc $glibc is older than the 2.34 that dawn.node needs: expect it to fail to load"
fi
say "Vulkan loader: $TANDEM_KIT_VULKAN_LOADER_USED"
say "Vulkan driver files: ${VK_DRIVER_FILES:-none found, the loader uses its defaults}"
if [ "${TANDEM_KIT_DRY_RUN:-0}" = 1 ]; then
  echo "VK_DRIVER_FILES=${VK_DRIVER_FILES:-}"
  echo "LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-}"
  echo "TANDEM_KIT_VULKAN_LOADER_USED=$TANDEM_KIT_VULKAN_LOADER_USED"
  exit 0
fi

# --- Unpack Node and dawn.node (gzip: every Linux has it) into a folder that can execute.
unpack() {
  local work="$1"
  mkdir -p "$work/node_modules/webgpu/dist/linux-x64" || return 1
  gzip -dc "$KIT/node.gz" > "$work/node" && chmod 755 "$work/node" || return 1
  cp "$KIT/webgpu/index.js" "$KIT/webgpu/package.json" "$work/node_modules/webgpu/" || return 1
  gzip -dc "$KIT/webgpu/dawn.node.gz" > "$work/node_modules/webgpu/dist/linux-x64/dawn.node" || return 1
  cp "$KIT/tandem-gpu-checks.mjs" "$work/" || return 1
  "$work/node" --version > /dev/null 2>&1
}
# A temporary folder first, the kit's own folder when that one cannot execute (noexec /tmp);
# removed at exit either way, so the kit folder stays small enough to copy again.
WORK=""
cleanup=()
trap 'rm -rf "${cleanup[@]+"${cleanup[@]}"}"' EXIT
trap 'exit 130' INT TERM
for base in "${TMPDIR:-/tmp}" "$KIT"; do
  dir="$(mktemp -d "$base/tandem-gpu-kit.XXXXXX" 2> /dev/null)" || continue
  cleanup+=("$dir")
  if unpack "$dir" 2> /dev/null; then WORK="$dir"; break; fi
done
if [ -z "$WORK" ]; then
  echo "run.sh: could not unpack Node into ${TMPDIR:-/tmp} or $KIT (full, read-only or noexec?)" >&2
  exit 3
fi
say "Node $("$WORK/node" --version) unpacked in $WORK"

if [ -z "${XDG_RUNTIME_DIR:-}" ] || [ ! -d "$XDG_RUNTIME_DIR" ]; then
  export XDG_RUNTIME_DIR="$WORK/xdg"
  mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
fi

mkdir -p "$OUT"
status=0
timeout --kill-after=10 "$((DEADLINE_S + 35))" "$WORK/node" "$WORK/tandem-gpu-checks.mjs" \
  --out "$OUT" --deadline-s "$DEADLINE_S" --kit-info "$KIT/kit.json" "$@" || status=$?
say "exit status $status; report: $OUT/report.md"
exit "$status"
