#!/usr/bin/env bash
# Writes the proof-reading pages of the bundled policies with `policy doc` and renders the index
# and one policy's page to PNG with headless Chromium, to look at them as a reader would. It uses
# the `policy` already built ($POLICY, else the newer of .build/release/policy and
# .build/debug/policy, with a warning when the sources are newer still) and builds only when there
# is none.
#
# Usage: scripts/render-doc.sh [--lang en|zh] [--page FILE.html] [--width PX] [--height PX] [--out DIR]
#   --lang    the pages' language (default: each policy's own, Chinese for a file in 政策 keywords)
#   --page    the policy page to render beside the index (default shanxi-2022.html)
#   --width   the window's width in pixels (default 1280); --height its height (default 2400):
#             the PNG is the top of the page, that tall
#   --out     where the pages and PNGs go (default /tmp/policy-doc)
# The PNGs are written beside the pages: DIR/index.png and DIR/PAGE.png (DIR/PAGE.zh.png with --lang zh).
# Needs chromium and a CJK font, without which Chromium draws boxes for Chinese
# (Debian: apt-get install chromium fonts-noto-cjk); set CHROMIUM to use another browser binary.
set -euo pipefail
cd "$(dirname "$0")/.."

out=/tmp/policy-doc
page=shanxi-2022.html
lang=""
width=1280
height=2400
usage() { sed -n '7,15p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 64; }
while [ $# -gt 0 ]; do
  case "$1" in
    --lang) [ $# -ge 2 ] || usage; lang="$2"; shift 2 ;;
    --page) [ $# -ge 2 ] || usage; page="$2"; shift 2 ;;
    --width) [ $# -ge 2 ] || usage; width="$2"; shift 2 ;;
    --height) [ $# -ge 2 ] || usage; height="$2"; shift 2 ;;
    --out) [ $# -ge 2 ] || usage; out="$2"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "error: unknown argument $1" >&2; usage ;;
  esac
done
case "$lang" in ""|en|zh) ;; *) echo "error: --lang is en or zh, not $lang" >&2; exit 64 ;; esac
case "$page" in *.html) ;; *) page="$page.html" ;; esac

browser="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}"
if [ -z "$browser" ]; then
  echo "error: no chromium found; install it (apt-get install chromium fonts-noto-cjk) or set CHROMIUM" >&2
  exit 1
fi
if command -v fc-list >/dev/null && ! fc-list :lang=zh | grep -q .; then
  echo "warning: no CJK font installed; Chinese will show as boxes (apt-get install fonts-noto-cjk)" >&2
fi

policy="${POLICY:-}"
if [ -z "$policy" ]; then
  # The newer of the two builds: a release binary left from last week must not hide today's sources.
  for candidate in .build/release/policy .build/debug/policy; do
    if [ -x "$candidate" ] && { [ -z "$policy" ] || [ "$candidate" -nt "$policy" ]; }; then policy="$candidate"; fi
  done
  if [ -n "$policy" ] && [ -n "$(find Sources -name '*.swift' -newer "$policy" -print -quit)" ]; then
    echo "warning: $policy is older than the sources; run swift build (or set POLICY) for pages of today's code" >&2
  fi
fi
if [ -z "$policy" ]; then
  echo "no policy binary yet: building one" >&2
  swift build --product policy >&2
  policy="$(swift build --show-bin-path)/policy"
fi
echo "using $policy" >&2

"$policy" doc policies --out "$out" ${lang:+--lang "$lang"} >&2
out="$(cd "$out" && pwd)"
if [ ! -f "$out/$page" ]; then
  echo "error: no page $page in $out; the pages are: $(cd "$out" && ls *.html | tr '\n' ' ')" >&2
  exit 1
fi

for name in index.html "$page"; do
  png="$out/${name%.html}${lang:+.$lang}.png"
  # A fresh profile each time, so a running browser or an old profile changes nothing.
  profile="$(mktemp -d)"
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
    --screenshot="$png" --window-size="$width,$height" "file://$out/$name" >/dev/null 2>&1
  rm -rf "$profile"
  echo "rendered $png"
done
