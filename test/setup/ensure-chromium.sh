#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (never a downloaded browser build): install it
# with apt-get when /usr/bin/chromium is missing. Chinese screens need CJK glyphs: without
# fonts-noto-cjk a fresh machine renders 简体中文 screenshots as empty boxes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q 'ok installed' || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "ensure-chromium: installing Debian's ${missing[*]}" >&2
apt_install "${missing[@]}"
test -x /usr/bin/chromium
