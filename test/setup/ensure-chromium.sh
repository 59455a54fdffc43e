#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (never a downloaded browser build): install it
# with apt-get when /usr/bin/chromium is missing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"

dpkg -s fonts-noto-cjk >/dev/null 2>&1 || apt_install fonts-noto-cjk # Chinese text in screenshots
if [ -x /usr/bin/chromium ]; then exit 0; fi
echo "ensure-chromium: /usr/bin/chromium is missing; installing Debian's chromium" >&2
apt_install chromium
test -x /usr/bin/chromium
