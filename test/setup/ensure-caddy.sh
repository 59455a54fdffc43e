#!/usr/bin/env bash
# The HTTPS end-to-end test (test/e2e/https-caddy.test.ts) puts Debian's Caddy in front of
# `gatecheck serve`: install it with apt-get when /usr/bin/caddy is missing. The test runs its
# own caddy process on its own ports with its own config and data folders; the package's
# systemd service (caddy.service, serving /etc/caddy/Caddyfile on port 80) is neither needed
# nor used, so where systemd runs it is not started by this script, and where it does not
# (containers) nothing starts it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"

if [ -x /usr/bin/caddy ]; then exit 0; fi
echo "ensure-caddy: installing Debian's caddy" >&2
apt_install caddy
test -x /usr/bin/caddy
