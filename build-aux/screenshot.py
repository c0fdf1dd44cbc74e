#!/usr/bin/python3
# Takes the README's screenshot as a person would make it: start the app, click
# "Start Server" then "Connect" through the accessibility tree (AT-SPI), wait until the
# greeting has arrived, and capture the window. Runs inside Xvfb and a session bus.
#
# Usage: screenshot.py APP_EXECUTABLE OUTPUT.png [LANGUAGE] [WORKSPACE_OUTPUT.png]
#
# With a fourth argument it goes on: adds a server pane and a client pane, opens the port
# reference panel, and captures the whole workspace too.

import os
import shutil
import subprocess
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

DEADLINE = 60  # seconds for each step; a bug fails instead of hanging


def wait_for(what, condition):
    start = time.monotonic()
    while time.monotonic() - start < DEADLINE:
        result = condition()
        if result:
            return result
        time.sleep(0.1)  # polling another process's accessibility tree; not a test
    sys.exit(f"screenshot.py: timed out waiting for {what}")


def walk(node, depth=0):
    if node is None or depth > 60:
        return
    yield node
    for i in range(node.get_child_count()):
        yield from walk(node.get_child_at_index(i), depth + 1)


def find_app(name):
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(i)
        if app is not None and app.get_name() == name:
            return app
    return None


def find(app, role, name):
    for node in walk(app):
        try:
            # GTK 4.8 names a button with a mnemonic "_Label Label"; accept both forms.
            if node.get_role_name() == role and (node.get_name() or "").endswith(name):
                return node
        except gi.repository.GLib.Error:
            continue
    return None


def has_text(app, text):
    for node in walk(app):
        try:
            if text in (node.get_name() or ""):
                return True
            iface = node.get_text_iface()
            if iface is not None and text in iface.get_text(0, -1):
                return True
        except gi.repository.GLib.Error:
            continue
    return False


def click(app, label):
    button = wait_for(f"the “{label}” button", lambda: find(app, "button", label) or find(app, "push button", label))
    button.get_action_iface().do_action(0)


def capture(output):
    # Park the pointer in a corner so that no tooltip covers the picture.
    if shutil.which("xdotool"):
        subprocess.run(["xdotool", "mousemove", "0", "767"], check=False)
    time.sleep(1)  # let the last frame reach the screen before capturing it
    raw = output + ".raw.png"
    subprocess.run(["import", "-window", "root", raw], check=True)
    subprocess.run(["convert", raw, "-trim", "+repage", output], check=True)
    os.unlink(raw)


def main():
    executable, output = sys.argv[1], sys.argv[2]
    env = dict(os.environ)
    env.pop("NO_AT_BRIDGE", None)
    if len(sys.argv) > 3 and sys.argv[3]:
        env["LANGUAGE"] = sys.argv[3]
    app_process = subprocess.Popen([executable], env=env)
    try:
        app = wait_for("the application on the accessibility bus", lambda: find_app("socket-playground"))
        start_label = os.environ.get("SP_START_LABEL", "Start Server")
        connect_label = os.environ.get("SP_CONNECT_LABEL", "Connect")
        click(app, start_label)
        wait_for("the server to listen", lambda: has_text(app, os.environ.get("SP_LISTENING_TEXT", "Listening")))
        click(app, connect_label)
        wait_for("the greeting to arrive", lambda: has_text(app, "Thank you for connecting"))
        capture(output)
        if len(sys.argv) > 4:
            click(app, os.environ.get("SP_ADD_SERVER_LABEL", "Add Server"))
            click(app, os.environ.get("SP_ADD_CLIENT_LABEL", "Add Client"))
            click(app, os.environ.get("SP_PORTS_LABEL", "Ports"))
            wait_for("the port panel", lambda: has_text(app, "HTTP · 80"))
            capture(sys.argv[4])
    finally:
        app_process.terminate()
        app_process.wait(timeout=10)


if __name__ == "__main__":
    main()
