#!/usr/bin/env bash
# Builds `policy`, writes the proof-reading pages of the bundled policies with `policy doc`, and
# renders the index and one policy's page to PNG with headless Chromium, to look at them as a
# reader would. Usage: scripts/render-doc.sh [OUT_DIR] [PAGE.html]
#   OUT_DIR   where the pages and PNGs go (default /tmp/policy-doc)
#   PAGE      the policy page to render beside the index (default shanxi-2022.html)
# Needs chromium (Debian: apt-get install chromium fonts-noto-cjk).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-/tmp/policy-doc}"
page="${2:-shanxi-2022.html}"
browser="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}"
if [ -z "$browser" ]; then
  echo "error: no chromium found; install it (apt-get install chromium fonts-noto-cjk) or set CHROMIUM" >&2
  exit 1
fi

swift build --product policy >&2
"$(swift build --show-bin-path)/policy" doc policies --out "$out"

out="$(cd "$out" && pwd)"
for name in index.html "$page"; do
  png="$out/${name%.html}.png"
  # A fresh profile each time, so a running browser or an old profile changes nothing.
  profile="$(mktemp -d)"
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
    --screenshot="$png" --window-size=1280,2400 "file://$out/$name" >/dev/null 2>&1
  rm -rf "$profile"
  echo "rendered $png"
done
