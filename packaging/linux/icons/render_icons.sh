#!/usr/bin/env bash
# Re-renders the committed PNG icons (Linux hicolor sizes and the Windows .ico) from the SVG.
# Needs rsvg-convert (Debian: librsvg2-bin) and ImageMagick; the build itself needs neither.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
svg=io.github.crowdkd.CrowdKD.svg
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for size in 16 32 48 128 256; do
    rsvg-convert -w "$size" -h "$size" "$svg" -o "$tmp/$size.png"
    convert "$tmp/$size.png" -strip "$tmp/$size-stripped.png"
done
for size in 48 128 256; do
    cp "$tmp/$size-stripped.png" "io.github.crowdkd.CrowdKD-$size.png"
done
convert "$tmp/16-stripped.png" "$tmp/32-stripped.png" "$tmp/48-stripped.png" "$tmp/256-stripped.png" \
    ../../windows/crowdkd.ico
