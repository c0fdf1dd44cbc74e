#!/usr/bin/env bash
# The French a person meets outside the window: the command line's --help and messages,
# the desktop entry and the metainfo. Usage: check-french.sh EXECUTABLE PO_BUILD_DIR DATA_BUILD_DIR
# (TAP output). Skips when no French locale is installed: glibc ignores LANGUAGE under C.UTF-8.
set -uo pipefail

exe=$1 localedir=$2 datadir=$3

if ! locale -a 2> /dev/null | grep -qi '^fr_FR\.utf-\?8$'; then
  echo "1..0 # SKIP no fr_FR.UTF-8 locale (build-aux/dev.sh test generates it)"
  exit 0
fi

n=0 failed=0
check () {
  local what=$1 text=$2 expected=$3
  n=$((n + 1))
  if [[ $text == *"$expected"* ]]; then
    echo "ok $n - $what"
  else
    echo "not ok $n - $what: expected “$expected” in:"
    printf '%s\n' "$text" | sed 's/^/# /'
    failed=1
  fi
}

french () {
  LC_ALL=fr_FR.UTF-8 LANGUAGE=fr SOCKET_PLAYGROUND_LOCALEDIR=$localedir "$exe" "$@" 2>&1
}

echo "1..7"
check "serve --help" "$(french serve --help)" "Répond à chaque client par TEXTE"
check "connect --help" "$(french connect --help)" "Utilisation"
check "a bad endpoint's sentence" "$(french connect tcp://127.0.0.1:99999)" "trop grand"
check "an unknown command's sentence" "$(french serve --bogus tcp://127.0.0.1:0)" "Utilisation"
desktop=$(cat "$datadir"/*.desktop)
check "desktop entry name" "$desktop" "Name[fr]="
check "desktop entry comment" "$desktop" "Comment[fr]=Apprenez"
check "metainfo summary" "$(cat "$datadir"/*.metainfo.xml)" '<summary xml:lang="fr">'
exit $failed
