#!/bin/sh
# Regenerates the toolbar/menu icons (committed PNGs; run by hand when they change).
# Needs ImageMagick and fonts-noto-cjk. A rounded square with one kanji:
#   特 作成・更新 (assemble)  挿 挿入 (insert)  検 検証 (validate)  確 確定 (finalize)
set -e
cd "$(dirname "$0")"
icon() { # name char colour
  for size in 16 26; do
    pt=$((size * 3 / 4 + 1))
    convert -size ${size}x${size} xc:none -fill "$3" \
      -draw "roundrectangle 0,0 $((size - 1)),$((size - 1)) 3,3" \
      -font Noto-Sans-CJK-JP-Bold -pointsize $pt -fill white -gravity center \
      -annotate +0+0 "$2" -strip "$1_${size}.png"
  done
}
icon assemble 特 '#1f5fa8'
icon insert 挿 '#2e7d32'
icon validate 検 '#b26a00'
icon finalize 確 '#6a1b9a'
convert -size 42x42 xc:none -fill '#1f5fa8' -draw "roundrectangle 0,0 41,41 6,6" \
  -font Noto-Sans-CJK-JP-Bold -pointsize 30 -fill white -gravity center \
  -annotate +0+0 特 -strip tokki_42.png
