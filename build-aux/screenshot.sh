#!/usr/bin/env bash
# Makes the README's and the metainfo's screenshots under Xvfb, at 1366×768.
#
#   build-aux/screenshot.sh [OUTPUT_DIR]      (build-aux/dev.sh screenshot calls it)
#
# Into OUTPUT_DIR (data/screenshots/ by default):
#   lesson.png       the lesson after Start Server and Connect
#   workspace.png    the lesson, the SMTP demo started from the port panel, and the panel
#   teaching.png     the teaching views' Code page halfway through the lesson in step mode
#   diagram.png      the teaching views' Diagram page after that exchange
#   lesson-dark.png  teaching.png with the dark colour scheme
#   lesson-fr.png    teaching.png in French
# Builds first (in build/), then drives the real window with AT-SPI (screenshot.py).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
OUTPUT_DIR=${1:-$ROOT/data/screenshots}

cd "$ROOT"
[[ -f build/build.ninja ]] || meson setup build
meson compile -C build
mkdir -p "$OUTPUT_DIR"
OUTPUT_DIR=$(cd "$OUTPUT_DIR" && pwd -P)

export GSETTINGS_SCHEMA_DIR=$ROOT/build/data
export GSK_RENDERER=cairo
export SOCKET_PLAYGROUND_LOCALEDIR=$ROOT/build/po
unset NO_AT_BRIDGE LANGUAGE

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Runs one scene of screenshot.py in its own Xvfb, session bus and settings. The window
# restores its size from GSettings, so a keyfile backend in a throw-away folder gives it
# the whole 1366×768 screen (there is no window manager to maximize it) and the colour
# scheme $1 (default, light or dark). The remaining arguments go to screenshot.py.
scene () {
  local scheme=$1 config
  shift
  config=$(mktemp -d "$work/config.XXXXXX")
  mkdir -p "$config/glib-2.0/settings"
  cat > "$config/glib-2.0/settings/keyfile" << EOF
[io/github/socketplayground/SocketPlayground]
window-width=1366
window-height=768
window-maximized=false
color-scheme='$scheme'
EOF
  # xvfb-run -a starts at display 99, as test runs do: start elsewhere so that two runs
  # at once seldom race for a number, and try again when the app could not start (exit 3).
  local attempt rc
  for attempt in 1 2 3; do
    rc=0
    GSETTINGS_BACKEND=keyfile XDG_CONFIG_HOME=$config XDG_DATA_HOME=$config XDG_STATE_HOME=$config \
      xvfb-run -a -n $((200 + RANDOM % 500)) -s "-screen 0 1366x768x24" dbus-run-session -- \
      /usr/bin/python3 "$ROOT/build-aux/screenshot.py" "$ROOT/build/src/socket-playground" "$@" \
      || rc=$?
    [[ $rc -eq 3 ]] || return "$rc"
    echo "screenshot.sh: the app did not start (attempt $attempt), trying again" >&2
  done
  return "$rc"
}

LC_ALL=C.UTF-8 scene light lesson "$OUTPUT_DIR/lesson.png" "$OUTPUT_DIR/workspace.png"
LC_ALL=C.UTF-8 scene light teaching "$OUTPUT_DIR/teaching.png" "$OUTPUT_DIR/diagram.png"
LC_ALL=C.UTF-8 scene dark teaching "$OUTPUT_DIR/lesson-dark.png"

# glibc ignores LANGUAGE under the C locale: French needs a French locale (dev.sh test
# generates fr_FR.UTF-8 on CI).
if locale -a 2> /dev/null | grep -qi '^fr_FR\.utf-\?8$'; then
  LC_ALL=fr_FR.UTF-8 LANGUAGE=fr scene light teaching "$OUTPUT_DIR/lesson-fr.png"
else
  echo "screenshot.sh: no fr_FR.UTF-8 locale, lesson-fr.png not remade" >&2
fi
echo "Screenshots in $OUTPUT_DIR"
