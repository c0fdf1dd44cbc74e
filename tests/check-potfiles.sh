#!/usr/bin/env bash
# Usage: tests/check-potfiles.sh SRCROOT
#
# Fails when po/POTFILES.in and the sources disagree:
#  - a file under src/, ui/ or data/ that marks strings for translation (_(), N_(), C_(), NC_(),
#    Q_(), g_dngettext(), g_dpgettext2(), translatable="yes"), the desktop entry or metainfo
#    template, or a GSettings schema with a gettext-domain, is missing from po/POTFILES.in;
#  - po/POTFILES.in lists a file that does not exist.
# A file that must stay out of the catalogue on purpose can be listed in po/POTFILES.skip.

set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 SRCROOT" >&2
  exit 2
fi

srcroot=$1
cd "$srcroot"

potfiles=po/POTFILES.in
if [[ ! -f $potfiles ]]; then
  echo "FAIL: $potfiles does not exist; list in it every file with translatable strings." >&2
  exit 1
fi

# Entries of a POTFILES-like file: no comments, no blank lines, no surrounding spaces.
list_entries () {
  sed -e 's/#.*$//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' "$1" | grep -v '^$' || true
}

mapfile -t listed < <(list_entries "$potfiles")
skipped=()
if [[ -f po/POTFILES.skip ]]; then
  mapfile -t skipped < <(list_entries po/POTFILES.skip)
fi

# Files that need translating: anything under the three folders with a gettext marker (GNOME
# style puts a space before the parenthesis, so allow one), the two data templates, and GSettings
# schemas that name a gettext domain (their summaries and descriptions are translated).
marker='(^|[^[:alnum:]_])(_|N_|C_|NC_|Q_|g_dngettext|g_dpgettext2)[[:space:]]*\(|translatable="yes"'
needed=()
for dir in src ui data; do
  [[ -d $dir ]] || continue
  while IFS= read -r -d '' file; do
    needed+=("$file")
  done < <(find "$dir" -type f \( -name '*.[ch]' -o -name '*.ui' -o -name '*.xml' -o -name '*.in' \
             -o -name '*.js' -o -name '*.py' \) -print0 \
           | xargs -0 --no-run-if-empty grep -lIZE -- "$marker" || true)
done
while IFS= read -r -d '' file; do
  needed+=("$file")
done < <(find data -maxdepth 1 -type f \( -name '*.desktop.in' -o -name '*.metainfo.xml.in' \) \
           -print0 2>/dev/null || true)
while IFS= read -r -d '' file; do
  needed+=("$file")
done < <(find data -maxdepth 1 -type f -name '*.gschema.xml' -print0 2>/dev/null \
           | xargs -0 --no-run-if-empty grep -lIZ -- 'gettext-domain=' || true)

status=0

missing=()
if [[ ${#needed[@]} -gt 0 ]]; then
  while IFS= read -r file; do
    [[ -n $file ]] || continue
    in_list=false
    for entry in "${listed[@]}" "${skipped[@]}"; do
      if [[ $entry == "$file" ]]; then
        in_list=true
        break
      fi
    done
    $in_list || missing+=("$file")
  done < <(printf '%s\n' "${needed[@]}" | sort -u)
fi

if [[ ${#missing[@]} -gt 0 ]]; then
  echo "FAIL: these files have translatable strings but are missing from $potfiles:" >&2
  printf '  %s\n' "${missing[@]}" >&2
  echo "Add them to $potfiles (sorted), or to po/POTFILES.skip if they must not be translated." >&2
  status=1
fi

vanished=()
for entry in "${listed[@]}"; do
  [[ -f $entry ]] || vanished+=("$entry")
done
if [[ ${#vanished[@]} -gt 0 ]]; then
  echo "FAIL: $potfiles lists files that do not exist:" >&2
  printf '  %s\n' "${vanished[@]}" >&2
  echo "Remove them from $potfiles, or fix their paths (relative to the repository root)." >&2
  status=1
fi

# Order and duplicates are only worth a note.
if [[ ${#listed[@]} -gt 0 ]]; then
  if ! printf '%s\n' "${listed[@]}" | LC_ALL=C sort -c 2>/dev/null; then
    echo "note: $potfiles is not sorted (LC_ALL=C sort)." >&2
  fi
  duplicates=$(printf '%s\n' "${listed[@]}" | sort | uniq -d)
  if [[ -n $duplicates ]]; then
    echo "note: $potfiles lists some files twice: $duplicates" >&2
  fi
fi

if [[ $status -eq 0 ]]; then
  echo "ok: $potfiles lists all ${#listed[@]} files with translatable strings"
fi
exit $status
