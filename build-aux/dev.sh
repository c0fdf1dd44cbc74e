#!/usr/bin/env bash
# Build, run and test Socket Playground on Debian 12.
#
#   build-aux/dev.sh run [ARGS...]    install what is missing, build, run the app uninstalled
#   build-aux/dev.sh test [ARGS...]   install what is missing, build, run the whole test suite
#                                     under Xvfb, then again with ASan, UBSan and LSan
#                                     (ARGS go to both `meson test` runs, e.g. --suite data)
#   build-aux/dev.sh screenshot ...   install what the tests need, then build-aux/screenshot.sh
#
# Environment:
#   DEV_SH_DRY_RUN=1   only print the Debian packages that are missing, then stop
#   CI=true            never prompt (the same happens when standard input is not a terminal)

set -euo pipefail

# Debian packages, tagged with the command that needs them: `run` installs the build ones,
# `test` installs both.
PACKAGES=(
  build:gcc
  build:libc6-dev
  build:pkg-config
  build:meson
  build:ninja-build
  build:gettext
  build:libglib2.0-dev
  build:libglib2.0-bin
  build:libgtk-4-dev
  build:libadwaita-1-dev
  build:libjson-glib-dev
  build:libglib-testing-0-dev
  build:libgtksourceview-5-dev
  build:desktop-file-utils
  build:appstream
  test:xvfb            # xvfb-run
  test:xauth           # used by xvfb-run
  test:dbus-daemon     # dbus-run-session
  test:at-spi2-core    # the accessibility bus, for AT-SPI tests
  test:python3
  test:python3-gi
  test:gir1.2-atspi-2.0
  test:imagemagick     # import, for screenshots
  test:xdotool         # moves the pointer out of screenshots
  test:socat           # interoperability peers
  test:netcat-openbsd
  test:curl
  test:python3-aiosmtpd   # real servers the port panel's first requests are tried against
  test:python3-pyftpdlib
  test:dovecot-imapd
  test:dovecot-pop3d
  test:tshark          # reads the exported pcapng captures back
  test:libasan8        # gcc 12 sanitizer runtimes
  test:libubsan1
  test:locales         # localedef: a French locale for the French test and screenshot
  test:shared-mime-info  # update-mime-database, for the MIME type test
)

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"

banner () {
  printf '\n==> %s\n' "$*"
}

die () {
  printf 'dev.sh: %s\n' "$*" >&2
  exit 1
}

interactive () {
  [[ ${CI:-} != true && -t 0 ]]
}

# Prints, one a line, the packages that `$1` (run or test) needs and that are not installed.
missing_packages () {
  local mode=$1 entry tag package status
  for entry in "${PACKAGES[@]}"; do
    tag=${entry%%:*}
    package=${entry#*:}
    if [[ $tag == test && $mode != test ]]; then
      continue
    fi
    status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2> /dev/null || true)
    if [[ $status != installed ]]; then
      printf '%s\n' "$package"
    fi
  done
}

install_packages () {
  local mode=$1
  local -a missing sudo=()

  if ! command -v dpkg-query > /dev/null; then
    echo "dev.sh: not a Debian system; install the equivalent of these by hand:" \
         "${PACKAGES[*]#*:}" >&2
    return 0
  fi

  mapfile -t missing < <(missing_packages "$mode")

  if [[ ${DEV_SH_DRY_RUN:-0} == 1 ]]; then
    if [[ ${#missing[@]} -eq 0 ]]; then
      echo "All the packages '$mode' needs are installed."
    else
      echo "Missing packages for '$mode': ${missing[*]}"
    fi
    exit 0
  fi

  if [[ ${#missing[@]} -eq 0 ]]; then
    echo "All the packages '$mode' needs are installed."
    return 0
  fi
  echo "Installing: ${missing[*]}"

  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo > /dev/null \
      || die "not root and no sudo: run 'apt-get install ${missing[*]}' as root, then try again."
    if interactive; then
      sudo=(sudo)
    else
      sudo=(sudo -n)   # fail rather than wait for a password nobody will type
    fi
  fi

  # tshark's wireshark-common asks whether normal users may capture; the tests only read
  # files, so answer no beforehand rather than leave it to the non-interactive default.
  if [[ " ${missing[*]} " == *" tshark "* ]] && command -v debconf-set-selections > /dev/null; then
    echo "wireshark-common wireshark-common/install-setuid boolean false" \
      | "${sudo[@]}" debconf-set-selections
  fi

  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
    --no-install-recommends "${missing[@]}"
}

# The French checks need a French locale: glibc ignores LANGUAGE under C or C.UTF-8.
ensure_french_locale () {
  local -a sudo=()
  if locale -a 2> /dev/null | grep -qi '^fr_FR\.utf-\?8$'; then
    return 0
  fi
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo > /dev/null || { echo "No fr_FR.UTF-8 locale: the French checks will skip."; return 0; }
    sudo=(sudo -n)
  fi
  echo "Generating the fr_FR.UTF-8 locale"
  "${sudo[@]}" localedef -i fr_FR -c -f UTF-8 fr_FR.UTF-8 \
    || echo "Could not generate fr_FR.UTF-8: the French checks will skip."
}

# Prints the value of the meson option $2 of build folder $1, as `meson introspect` says it.
meson_option () {
  meson introspect --buildoptions "$1" \
    | python3 -c '
import json, sys
for option in json.load(sys.stdin):
    if option["name"] == sys.argv[1]:
        value = option["value"]
        print(str(value).lower() if isinstance(value, bool) else value)
' "$2"
}

# Configures build folder $1 with the options -Dname=value that follow, unless it already is.
# An existing folder is left alone (ninja re-runs meson by itself when a meson.build changes);
# it is reconfigured only when one of the wanted options differs, and set up again from scratch
# when meson cannot read it any more (for example after a meson upgrade).
setup_build () {
  local dir=$1 option name value
  shift
  if [[ ! -f $dir/build.ninja ]]; then
    if [[ -d $dir ]]; then
      meson setup --wipe "$dir" "$@"
    else
      meson setup "$dir" "$@"
    fi
    return
  fi
  if ! meson introspect --buildoptions "$dir" > /dev/null 2>&1; then
    meson setup --wipe "$dir" "$@"
    return
  fi
  for option in "$@"; do
    name=${option#-D}
    name=${name%%=*}
    value=${option#*=}
    if [[ $(meson_option "$dir" "$name") != "$value" ]]; then
      meson configure "$dir" "$@"
      return
    fi
  done
}

# Prints "P F S": how many tests passed, failed and were skipped in the last run in folder $1.
count_results () {
  local log=$1/meson-logs/testlog.json
  if [[ ! -f $log ]]; then
    echo "0 0 0"
    return
  fi
  python3 - "$log" << 'EOF'
import json, sys
passed = failed = skipped = 0
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        if not line.strip():
            continue
        result = json.loads(line).get("result")
        if result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif result == "SKIP":
            skipped += 1
        else:
            failed += 1
print(passed, failed, skipped)
EOF
}

total_passed=0
total_failed=0
total_skipped=0
details=()

# Runs the test suite of build folder $1 (named $2 in the summary) under Xvfb and a session bus;
# the remaining arguments go to `meson test`. The environment is the caller's.
run_suite () {
  local dir=$1 label=$2 rc=0 passed failed skipped
  shift 2
  rm -f "$dir/meson-logs/testlog.json"   # so that a run that stops early is not counted as passed
  GSETTINGS_SCHEMA_DIR="$ROOT/$dir/data" \
    xvfb-run -a -s "-screen 0 1400x900x24" \
    dbus-run-session -- \
    meson test -C "$dir" --print-errorlogs --num-processes 2 "$@" || rc=$?
  read -r passed failed skipped < <(count_results "$dir")
  if [[ $rc -ne 0 && $failed -eq 0 ]]; then
    failed=1   # meson itself failed before or around the tests
  fi
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  total_skipped=$((total_skipped + skipped))
  details+=("$label: $passed passed, $failed failed, $skipped skipped")
  if [[ $rc -ne 0 ]]; then
    banner "FAILED: the $label test run (see the errors above; logs in $dir/meson-logs/)"
    print_summary
    exit "$rc"
  fi
}

print_summary () {
  local detail
  for detail in "${details[@]}"; do
    echo "  $detail"
  done
  echo "Summary: $total_passed passed, $total_failed failed, $total_skipped skipped"
}

cmd_run () {
  banner "Checking the Debian packages needed to build"
  install_packages run
  banner "Configuring and building in build/"
  setup_build build
  meson compile -C build
  banner "Running Socket Playground from build/"
  exec meson devenv -C build ./src/socket-playground "$@"
}

cmd_test () {
  banner "Checking the Debian packages needed to build and test"
  install_packages test
  ensure_french_locale

  export GSETTINGS_BACKEND=memory
  export GSK_RENDERER=cairo
  export NO_AT_BRIDGE=1

  banner "Configuring and building in build/"
  setup_build build
  meson compile -C build

  banner "Testing build/ under Xvfb"
  run_suite build "build" "$@"

  banner "Configuring and building in build-sanitize/ (with ASan and UBSan)"
  setup_build build-sanitize -Db_sanitize=address,undefined -Db_lundef=false
  meson compile -C build-sanitize

  banner "Testing build-sanitize/ under Xvfb with ASan, UBSan and LSan"
  local lsan_options=print_suppressions=0
  if [[ -f $ROOT/tests/lsan.supp ]]; then
    lsan_options="suppressions=$ROOT/tests/lsan.supp:$lsan_options"
  fi
  # GLib 2.74 still has its slice allocator; plain malloc lets the sanitizers see each block.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:verify_asan_link_order=0 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  LSAN_OPTIONS=$lsan_options \
  G_SLICE=always-malloc \
    run_suite build-sanitize "build-sanitize" --timeout-multiplier 3 "$@"

  banner "All tests passed, in build/ and in build-sanitize/"
  print_summary
}

cmd_screenshot () {
  [[ -f $ROOT/build-aux/screenshot.sh ]] || die "build-aux/screenshot.sh does not exist yet."
  # The same tools as the tests (Xvfb, AT-SPI, ImageMagick, xdotool) and the French locale.
  banner "Checking the Debian packages needed to make the screenshots"
  install_packages test
  ensure_french_locale
  exec bash "$ROOT/build-aux/screenshot.sh" "$@"
}

usage () {
  echo "usage: build-aux/dev.sh run [ARGS...]" >&2
  echo "       build-aux/dev.sh test [MESON-TEST-ARGS...]" >&2
  echo "       build-aux/dev.sh screenshot [ARGS...]" >&2
  exit 2
}

[[ $# -ge 1 ]] || usage
command=$1
shift
case $command in
  run) cmd_run "$@" ;;
  test) cmd_test "$@" ;;
  screenshot) cmd_screenshot "$@" ;;
  -h | --help | help) usage ;;
  *) usage ;;
esac
