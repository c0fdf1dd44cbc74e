#!/usr/bin/env bash
# Usage: tests/check-translations.sh SRCROOT LANG
#
# Checks that po/LANG.po translates every message of the current sources:
#  1. extracts the messages of the files in po/POTFILES.in into a temporary .pot, with the same
#     xgettext call as meson's `i18n.gettext (preset: 'glib')` (xgettext picks C for .c/.h, the
#     GtkBuilder ITS rules for .ui, Desktop for .desktop.in, AppStream's ITS rules for
#     .metainfo.xml.in and GSettings' for .gschema.xml, by file name);
#  2. merges po/LANG.po with it into a temporary file (po/LANG.po is left untouched);
#  3. fails on any fuzzy or untranslated message, or any msgfmt --check error, in the merged
#     catalogue, and on any msgfmt --check error in po/LANG.po itself.
# Exits 77 (skipped) only when po/LANG.po does not exist yet.

set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 SRCROOT LANG" >&2
  exit 2
fi

srcroot=$1
lang=$2
cd "$srcroot"

po=po/$lang.po
potfiles=po/POTFILES.in

if [[ ! -f $po ]]; then
  echo "SKIP: $po does not exist yet."
  exit 77
fi
if [[ ! -f $potfiles ]]; then
  echo "FAIL: $potfiles does not exist, so there is nothing to check $po against." >&2
  exit 1
fi

for tool in xgettext msgmerge msgfmt msgattrib; do
  if ! command -v "$tool" > /dev/null; then
    echo "FAIL: $tool is missing; install the gettext package." >&2
    exit 1
  fi
done

tmpdir=$(mktemp -d)
trap 'rm -rf "$tmpdir"' EXIT

# POTFILES.in without comments and blank lines.
sed -e 's/#.*$//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' "$potfiles" | grep -v '^$' \
  > "$tmpdir/POTFILES" || true

# The same arguments as meson's gettext helper with the glib preset.
xgettext_args=(
  --package-name=socket-playground
  --from-code=UTF-8
  --add-comments
  -k_
  --keyword=_
  --keyword=N_
  '--keyword=C_:1c,2'
  '--keyword=NC_:1c,2'
  --keyword=g_dcgettext:2
  '--keyword=g_dngettext:2,3'
  '--keyword=g_dpgettext2:2c,3'
  --flag=N_:1:pass-c-format
  --flag=C_:2:pass-c-format
  --flag=NC_:2:pass-c-format
  --flag=g_dngettext:2:pass-c-format
  --flag=g_strdup_printf:1:c-format
  --flag=g_string_printf:2:c-format
  --flag=g_string_append_printf:2:c-format
  --flag=g_error_new:3:c-format
  --flag=g_set_error:4:c-format
  --flag=g_markup_printf_escaped:1:c-format
  --flag=g_log:3:c-format
  --flag=g_print:1:c-format
  --flag=g_printerr:1:c-format
  --flag=g_printf:1:c-format
  --flag=g_fprintf:2:c-format
  --flag=g_sprintf:2:c-format
  --flag=g_snprintf:3:c-format
)

if ! xgettext "${xgettext_args[@]}" --directory=. --files-from="$tmpdir/POTFILES" \
       --output="$tmpdir/messages.pot" 2> "$tmpdir/xgettext.log"; then
  cat "$tmpdir/xgettext.log" >&2
  echo "FAIL: xgettext could not extract the messages of the files in $potfiles." >&2
  exit 1
fi
# xgettext writes no file when there is no message at all.
if [[ ! -f $tmpdir/messages.pot ]]; then
  echo "FAIL: the files in $potfiles have no translatable message at all." >&2
  exit 1
fi

# Prints the references and msgids of the messages in catalogue $1, under the title $2.
list_messages () {
  [[ -s $1 ]] || return 0
  local lines
  lines=$(grep -E '^#:|^msgctxt|^msgid' "$1" | grep -v '^msgid ""$' || true)
  [[ -n $lines ]] || return 0
  echo "$2" >&2
  echo "  ${lines//$'\n'/$'\n'  }" >&2
}

status=0

# The catalogue as it is must compile cleanly (format strings, header, plural forms).
if ! msgfmt --check --output-file=/dev/null "$po" 2> "$tmpdir/msgfmt-po.log"; then
  cat "$tmpdir/msgfmt-po.log" >&2
  echo "FAIL: $po has errors (see msgfmt above); fix them before anything else." >&2
  status=1
fi

if ! msgmerge --quiet --output-file="$tmpdir/merged.po" "$po" "$tmpdir/messages.pot" \
       2> "$tmpdir/msgmerge.log"; then
  cat "$tmpdir/msgmerge.log" >&2
  echo "FAIL: msgmerge could not merge $po with the current messages." >&2
  exit 1
fi

# msgfmt prints its statistics on stderr, e.g. "41 translated messages, 1 fuzzy translation,
# 2 untranslated messages."
if ! msgfmt --check --statistics --output-file=/dev/null "$tmpdir/merged.po" \
       2> "$tmpdir/msgfmt.log"; then
  cat "$tmpdir/msgfmt.log" >&2
  echo "FAIL: $po merged with the current sources does not compile (see msgfmt above)." >&2
  status=1
fi
statistics=$(grep -E 'translated message|untranslated message|fuzzy translation' \
               "$tmpdir/msgfmt.log" || true)

if grep -qE 'fuzzy|untranslated' <<< "$statistics"; then
  echo "FAIL: $po is not complete against the current sources: $statistics" >&2
  msgattrib --only-fuzzy --no-obsolete --no-wrap --output-file="$tmpdir/fuzzy.po" \
    "$tmpdir/merged.po" 2> /dev/null || true
  msgattrib --untranslated --no-obsolete --no-wrap --output-file="$tmpdir/untranslated.po" \
    "$tmpdir/merged.po" 2> /dev/null || true
  list_messages "$tmpdir/fuzzy.po" \
    "Fuzzy messages (check each translation, then remove its 'fuzzy' flag):"
  list_messages "$tmpdir/untranslated.po" "Untranslated messages:"
  echo "To fix it: run 'meson compile -C build socket-playground-update-po' to merge the new" \
       "strings into $po, translate the listed messages, and remove every 'fuzzy' flag." >&2
  status=1
fi

if [[ $status -eq 0 ]]; then
  echo "ok: $po is complete: $statistics"
fi
exit $status
