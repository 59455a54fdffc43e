#!/usr/bin/env bash
# The server tests start their own throwaway PostgreSQL cluster from Debian's binaries
# (/usr/lib/postgresql/*/bin): install the postgresql package when initdb is missing. The
# package must not start a system service (the tests never use one), so a policy-rc.d that
# forbids service starts is in place during the install when the machine has none.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"

shopt -s nullglob
initdbs=(/usr/lib/postgresql/*/bin/initdb)
if [ ${#initdbs[@]} -gt 0 ]; then exit 0; fi
echo "ensure-postgres: no /usr/lib/postgresql/*/bin/initdb; installing Debian's postgresql" >&2

policy=/usr/sbin/policy-rc.d
added_policy=""
if [ ! -e "$policy" ]; then
  apt_as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy"
  added_policy=1
fi
status=0
apt_install postgresql || status=$?
if [ -n "$added_policy" ]; then apt_as_root rm -f "$policy"; fi
[ "$status" -eq 0 ] || exit "$status"

initdbs=(/usr/lib/postgresql/*/bin/initdb)
[ ${#initdbs[@]} -gt 0 ]
