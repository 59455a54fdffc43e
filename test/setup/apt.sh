# Sourced by the ensure-*.sh scripts: apt_install PACKAGE… with Debian's apt-get, as root or
# through sudo. `apt-get update` runs at most once per test run: test/run-all.sh points
# GATECHECK_APT_STAMP at a file that records it (standalone runs update every time).

apt_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    echo "need root (or sudo) to run: $*" >&2
    return 1
  fi
}

apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "apt-get not found: install $* by hand (the tests expect Debian's packages)" >&2
    return 1
  fi
  if [ -z "${GATECHECK_APT_STAMP:-}" ] || [ ! -e "$GATECHECK_APT_STAMP" ]; then
    apt_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    if [ -n "${GATECHECK_APT_STAMP:-}" ]; then touch "$GATECHECK_APT_STAMP"; fi
  fi
  apt_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}
