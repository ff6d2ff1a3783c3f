#!/usr/bin/env bash
# Makes the small sample videos of the seeded micro-course catalogue into server/media/.
# The files are committed, so neither CI nor `npm start` needs ffmpeg; re-run this only to change them
# (then keep durationSec in cloudfunctions/core/catalogue.ts in step — tests/course/media.test.ts checks).
#
# Each clip: colourful lavfi gradients + a moving dot + a small test card whose counter shows the
# second (handy to see where playback resumed). H.264 main profile, yuv420p, 320x180, 15 fps,
# ~35 kbit/s, no audio, `+faststart` (moov first, so playback starts before the whole file arrives).
# Needs ffmpeg (Debian: apt-get install -y ffmpeg).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=server/media
mkdir -p "$OUT"
command -v ffmpeg >/dev/null || { echo "ffmpeg is required (apt-get install -y ffmpeg)" >&2; exit 1; }

# name duration(s) four gradient colours
make() {
  local name=$1 dur=$2 c0=$3 c1=$4 c2=$5 c3=$6
  ffmpeg -hide_banner -loglevel error -y \
    -f lavfi -i "gradients=size=320x180:rate=15:speed=0.03:n=4:c0=${c0}:c1=${c1}:c2=${c2}:c3=${c3}" \
    -f lavfi -i "testsrc=size=96x72:rate=15" \
    -f lavfi -i "color=c=white:size=44x44:rate=15,format=yuva420p,geq=lum='lum(X,Y)':cb='cb(X,Y)':cr='cr(X,Y)':a='if(lt(hypot(X-22,Y-22),21),255,0)'" \
    -filter_complex "[0][1]overlay=x=W-w-8:y=8[a];[a][2]overlay=x='(W-w)*(0.5+0.45*sin(t*1.3))':y='(H-h)*(0.5+0.4*cos(t*0.9))':shortest=0[v]" \
    -map "[v]" -t "$dur" -an \
    -c:v libx264 -profile:v main -level 3.0 -pix_fmt yuv420p -crf 33 -maxrate 45k -bufsize 90k -g 45 \
    -movflags +faststart -metadata title="宝宝屋示例视频 ${name}" \
    "$OUT/$name.mp4"
  printf '%-22s %3ss %7s bytes\n' "$name.mp4" "$dur" "$(stat -c %s "$OUT/$name.mp4")"
}

make finger-rhyme   24 '#ff9a3c' '#ffd23f' '#ff6f91' '#845ec2'
make hand-play      30 '#f9f871' '#ffc75f' '#ff9671' '#d65db1'
make creative-art   28 '#00c9a7' '#4d8076' '#c4fcef' '#845ec2'
make colour-play    32 '#ff6f91' '#ffc75f' '#00c9a7' '#0081cf'
make family-game    26 '#2c73d2' '#0081cf' '#0089ba' '#ffc75f'
make parent-talk    36 '#b39cd0' '#fbeaff' '#00c9a7' '#ff9671'
