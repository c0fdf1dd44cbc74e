#!/usr/bin/env python3
"""Check the Flatpak manifest against the rest of the repository.

Usage: tests/check-manifest.py [SRCROOT]

Asserts the application ID, the command, the runtime, the exact set of sandbox permissions,
and that the last module builds this repository with meson; then that the data files in data/
are named after the same application ID. Standard library only.
"""

import json
import os
import re
import sys
import xml.etree.ElementTree as ET

APP_ID = "io.github.socketplayground.SocketPlayground"
COMMAND = "socket-playground"
RUNTIME = "org.gnome.Platform"
SDK = "org.gnome.Sdk"
MODULE = "socket-playground"

# The smallest set that works: the learner's sockets need the network, X11 shared memory needs
# IPC, Wayland first with X11 only as a fallback, and the GPU for GTK's renderer.
FINISH_ARGS = {
               "--share=network",
               "--share=ipc",
               "--socket=wayland",
               "--socket=fallback-x11",
               "--device=dri",
}


class Checker:
  def __init__(self):
    self.failures = 0
    self.count = 0

  def check(self, condition, what, detail=""):
    self.count += 1
    if condition:
      print(f"ok {self.count} - {what}")
    else:
      self.failures += 1
      print(f"not ok {self.count} - {what}" + (f": {detail}" if detail else ""))
    return condition


def main():
  if len(sys.argv) > 2:
    print(__doc__.strip().splitlines()[2], file=sys.stderr)
    return 2
  if len(sys.argv) == 2:
    root = os.path.abspath(sys.argv[1])
  else:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

  t = Checker()
  manifest_dir = os.path.join(root, "build-aux", "flatpak")
  manifest_path = os.path.join(manifest_dir, APP_ID + ".json")
  if not t.check(os.path.isfile(manifest_path), "the manifest is named after the app ID",
                 manifest_path + " is missing"):
    return 1
  try:
    with open(manifest_path, encoding="utf-8") as f:
      manifest = json.load(f)
  except (OSError, ValueError) as e:
    t.check(False, "the manifest is valid JSON", str(e))
    return 1
  t.check(isinstance(manifest, dict), "the manifest is a JSON object")
  if not isinstance(manifest, dict):
    return 1

  # flatpak-builder accepts both spellings of the ID key; if both are there they must agree.
  ids = {manifest[key] for key in ("app-id", "id") if key in manifest}
  t.check(ids == {APP_ID}, "app-id is " + APP_ID, f"found {sorted(ids)}")
  t.check(manifest.get("command") == COMMAND, "command is " + COMMAND,
          f"found {manifest.get('command')!r}")
  t.check(manifest.get("runtime") == RUNTIME, "runtime is " + RUNTIME,
          f"found {manifest.get('runtime')!r}")
  t.check(manifest.get("sdk") == SDK, "sdk is " + SDK, f"found {manifest.get('sdk')!r}")
  version = manifest.get("runtime-version")
  t.check(isinstance(version, str) and re.fullmatch(r"\d+", version) is not None,
          "runtime-version is a GNOME release number written as a string",
          f"found {version!r}")

  finish_args = manifest.get("finish-args", [])
  t.check(isinstance(finish_args, list) and sorted(finish_args) == sorted(FINISH_ARGS),
          "finish-args are exactly " + " ".join(sorted(FINISH_ARGS)),
          "extra: " + " ".join(sorted(set(finish_args) - FINISH_ARGS))
          + "; missing: " + " ".join(sorted(FINISH_ARGS - set(finish_args)))
          + ("; duplicates" if len(finish_args) != len(set(finish_args)) else ""))

  modules = manifest.get("modules", [])
  last = modules[-1] if isinstance(modules, list) and modules else None
  if t.check(isinstance(last, dict), "the last module is an inline object",
             f"found {last!r}"):
    t.check(last.get("name") == MODULE, "the last module is named " + MODULE,
            f"found {last.get('name')!r}")
    t.check(last.get("buildsystem") == "meson", "the last module builds with meson",
            f"found {last.get('buildsystem')!r}")
    t.check("-Dtests=false" in last.get("config-opts", []),
            "the last module is configured with -Dtests=false")
    dirs = [s for s in last.get("sources", [])
            if isinstance(s, dict) and s.get("type") == "dir"]
    resolved = [os.path.realpath(os.path.join(manifest_dir, s.get("path", ""))) for s in dirs]
    t.check(os.path.realpath(root) in resolved,
            "the last module has a dir source pointing at the repository root",
            f"dir sources resolve to {resolved}")

  # The data files are named after the same ID, and say it inside.
  data = os.path.join(root, "data")
  for name in (APP_ID + ".desktop.in", APP_ID + ".metainfo.xml.in", APP_ID + ".gschema.xml",
               "icons/hicolor/scalable/apps/" + APP_ID + ".svg",
               "icons/hicolor/symbolic/apps/" + APP_ID + "-symbolic.svg"):
    t.check(os.path.isfile(os.path.join(data, name)), "data/" + name + " exists")

  metainfo_path = os.path.join(data, APP_ID + ".metainfo.xml.in")
  if os.path.isfile(metainfo_path):
    try:
      component = ET.parse(metainfo_path).getroot()
    except ET.ParseError as e:
      t.check(False, "the metainfo is well-formed XML", str(e))
    else:
      t.check(component.findtext("id") == APP_ID, "the metainfo <id> is the app ID",
              f"found {component.findtext('id')!r}")
      t.check(component.findtext("launchable") == APP_ID + ".desktop",
              "the metainfo launches " + APP_ID + ".desktop",
              f"found {component.findtext('launchable')!r}")
      t.check(component.findtext("provides/binary") == COMMAND,
              "the metainfo provides the binary " + COMMAND,
              f"found {component.findtext('provides/binary')!r}")

  desktop_path = os.path.join(data, APP_ID + ".desktop.in")
  if os.path.isfile(desktop_path):
    with open(desktop_path, encoding="utf-8") as f:
      entries = dict(line.rstrip("\n").split("=", 1) for line in f
                     if "=" in line and not line.startswith("#"))
    t.check(entries.get("Icon") == APP_ID, "the desktop entry's icon is the app ID",
            f"found {entries.get('Icon')!r}")
    t.check(entries.get("Exec", "").split(" ")[0] == COMMAND,
            "the desktop entry runs " + COMMAND, f"found {entries.get('Exec')!r}")

  schema_path = os.path.join(data, APP_ID + ".gschema.xml")
  if os.path.isfile(schema_path):
    try:
      schema_ids = [s.get("id") for s in ET.parse(schema_path).getroot().iter("schema")]
    except ET.ParseError as e:
      t.check(False, "the schema is well-formed XML", str(e))
    else:
      t.check(APP_ID in schema_ids, "the GSettings schema ID is the app ID",
              f"found {schema_ids}")

  meson_build = os.path.join(root, "meson.build")
  if os.path.isfile(meson_build):
    with open(meson_build, encoding="utf-8") as f:
      match = re.search(r"^app_id\s*=\s*'([^']*)'", f.read(), re.MULTILINE)
    t.check(match is not None and match.group(1) == APP_ID,
            "meson.build's app_id is the app ID",
            f"found {match.group(1) if match else None!r}")

  print(f"1..{t.count}")
  if t.failures:
    print(f"{t.failures} of {t.count} checks failed", file=sys.stderr)
    return 1
  return 0


if __name__ == "__main__":
  sys.exit(main())
