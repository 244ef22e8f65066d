# Shell helpers shared by the end-to-end benchmark scripts (sourced, not run).

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

# install_missing PACKAGE...: apt-get installs the Debian packages that are not installed yet (sudo when not root).
install_missing() {
  local missing sudo=""
  missing=$(for p in "$@"; do dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"; done)
  [ -n "$missing" ] || return 0
  [ "$(id -u)" = 0 ] || sudo="sudo"
  log "installing: $missing"
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
}
