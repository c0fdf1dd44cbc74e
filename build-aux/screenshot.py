#!/usr/bin/python3
# Takes the README's and the metainfo's screenshots as a person would make them: start the
# app, press its buttons through the accessibility tree (AT-SPI), wait until what the
# picture should show is there, and capture the screen. Runs inside Xvfb and a session bus
# (build-aux/screenshot.sh sets them up, with the window size, colour scheme and language).
#
# Usage: screenshot.py APP_EXECUTABLE SCENE OUTPUT.png [SECOND_OUTPUT.png]
#
#   lesson    Start Server, Connect, capture the lesson; with a second output, go on: open
#             the port panel, start the SMTP demo server from its row, connect the demo's
#             client, and capture the whole workspace.
#   teaching  Open the teaching views on the Code page, run the lesson in step mode until
#             the server has sent its greeting and the client has received it (each
#             program's line highlighted), capture; with a second output, finish the
#             exchange and capture the Diagram page.
#
# The lesson and the teaching views are driven by role, widget action and socket call
# name, never by a translated label, so they run in French too; the workspace part finds
# the port panel's search and Demo button by their English accessible names.

import os
import re
import shutil
import subprocess
import sys
import time
import warnings

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402

DEADLINE = 60  # seconds for each step; a bug fails instead of hanging
LESSON_REPLY = "Thank you for connecting"
SMTP_GREETING = "220 "
PANE_HEADER_Y = 90  # the panes' titles, where the wheel scrolls the row of panes
TEACHING_TOP = 300  # where the divider goes: the panes' buttons above, the views below


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
    try:
        count = node.get_child_count()
    except GLib.Error:
        return
    for i in range(count):
        try:
            child = node.get_child_at_index(i)
        except GLib.Error:
            continue
        yield from walk(child, depth + 1)


def safe(call, default=None):
    try:
        return call()
    except GLib.Error:
        return default


def find_app(name):
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(i)
        if app is not None and app.get_name() == name:
            return app
    return None


def find_all(root, predicate):
    return [node for node in walk(root) if safe(lambda: predicate(node), False)]


def find(root, predicate):
    for node in walk(root):
        if safe(lambda: predicate(node), False):
            return node
    return None


def action_names(node):
    # get_action_name() is deprecated for a get_name() that AT-SPI 2.46 (Debian 12) lacks.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return [Atspi.Action.get_action_name(node, i) for i in range(Atspi.Action.get_n_actions(node))]


def do_action(node, name):
    """Runs one of a widget's actions: GTK exposes a widget's GActions (pane.start,
    win.toggle-teaching…) and a button's click through the AT-SPI action interface."""
    def enabled_actions():
        names = safe(lambda: action_names(node)) or []
        return names if name in names else None  # GTK lists only the enabled ones

    names = wait_for(f"the action {name}", enabled_actions)
    Atspi.Action.do_action(node, names.index(name))


def text_of(node):
    text = ""
    if "Text" in node.get_interfaces():
        text = safe(lambda: Atspi.Text.get_text(node, 0, -1)) or ""
    return (node.get_name() or "") + "\n" + text


def has_text(root, text):
    return find(root, lambda node: text in text_of(node)) is not None


def window(app):
    return wait_for("the window", lambda: find(app, lambda node: node.get_role_name() == "frame"))


def panes(app, type_name):
    """The server or client panes (GTK names a widget without a label after its type)."""
    return find_all(app, lambda node: node.get_name() == type_name)


def step_button(pane):
    """The Step button names the call it makes next, such as "Next: accept()" or
    "Suivant : accept()": the call's name is never translated."""
    return find(pane, lambda node: node.get_role_name() == "push button"
                and re.search(r"\w+\(\)…?$", node.get_name() or "") is not None)


def next_call(pane):
    button = step_button(pane)
    if button is None:
        return None
    match = re.search(r"(\w+\(\))(…?)$", button.get_name())
    return match.group(1) if match.group(2) == "" else None  # None while a call waits


def step(pane, expected_call, then_call):
    """Makes the pane's next socket call, which must be @expected_call, and waits until the
    Step button offers @then_call."""
    wait_for(f"the Step button to offer {expected_call}", lambda: next_call(pane) == expected_call)
    do_action(pane, "pane.step")
    wait_for(f"{expected_call} to be made (next: {then_call})", lambda: next_call(pane) == then_call)


def teaching_page(app, index):
    """Shows a page of the teaching views: 0 Diagram, 1 States, 2 Code."""
    panel = wait_for("the teaching views", lambda: find(app, lambda node: node.get_name() == "SpTeachingPanel"))
    tabs = wait_for("the teaching views' pages",
                    lambda: find_all(panel, lambda node: node.get_role_name() == "page tab"))
    do_action(tabs[index], "click")


def drag_divider(app, to_y):
    """Drags the divider above the teaching views up to about @to_y, as a person gives them
    more room; without xdotool they keep the share the window gives them."""
    handle = wait_for("the divider", lambda: find(app, lambda node: node.get_name() == "GtkPanedHandle"))
    if not shutil.which("xdotool"):
        return
    # GTK 4.8 gives positions in the window only (the window fills the screen from 0,0),
    # a few pixels off the screen's: try the handle's line, then just below it.
    before = Atspi.Component.get_extents(handle, Atspi.CoordType.WINDOW)
    x = before.x + before.width // 2
    for offset in (0, 5, 3, 8):
        y = before.y + offset
        subprocess.run(["xdotool", "mousemove", "--sync", str(x), str(y), "sleep", "0.2",
                        "mousedown", "1", "sleep", "0.2",
                        "mousemove", "--sync", str(x), str((y + to_y) // 2), "sleep", "0.2",
                        "mousemove", "--sync", str(x), str(to_y), "sleep", "0.2",
                        "mouseup", "1", "sleep", "0.2"], check=True)
        if Atspi.Component.get_extents(handle, Atspi.CoordType.WINDOW).y != before.y:
            return
    print("screenshot.py: could not drag the divider; the teaching views keep their height",
          file=sys.stderr)


def scroll_panes_to_end():
    """Scrolls the row of panes to its right end with the mouse wheel, as a person would to
    see the panes the Demo button added: the window does not bring them into view (seen
    with GTK 4.8 under Xvfb)."""
    if shutil.which("xdotool"):
        subprocess.run(["xdotool", "mousemove", "--sync", "500", str(PANE_HEADER_Y),
                        "click", "--repeat", "30", "--delay", "20", "7"], check=True)


def capture(output):
    # Park the pointer in a corner so that no tooltip or hover covers the picture.
    if shutil.which("xdotool"):
        subprocess.run(["xdotool", "mousemove", "1365", "767"], check=False)
    time.sleep(1.5)  # let the last frame (and any toast's fade) reach the screen
    # The window fills the 1366×768 screen; the screen is the picture.
    subprocess.run(["import", "-window", "root", "-strip",
                    "-define", "png:compression-level=9", output], check=True)
    print(f"screenshot.py: wrote {output}")


def lesson_scene(app, output, workspace_output):
    frame = window(app)
    server, = wait_for("the server pane", lambda: panes(app, "SpServerPane"))
    client, = wait_for("the client pane", lambda: panes(app, "SpClientPane"))
    do_action(server, "pane.start")
    wait_for("the server to listen", lambda: has_text(server, "listen("))
    do_action(client, "pane.connect")
    wait_for("the greeting to arrive", lambda: has_text(client, LESSON_REPLY))
    wait_for("the client to close", lambda: has_text(client, "close()"))
    capture(output)
    if workspace_output is None:
        return

    do_action(frame, "win.toggle-ports")
    search = wait_for("the port panel's search", lambda: find(app, lambda node: node.get_role_name() == "entry"
                      and node.get_name().startswith("Search protocols")))
    Atspi.EditableText.set_text_contents(search, "SMTP")
    demo = wait_for("the SMTP row's Demo button",
                    lambda: find(app, lambda node: node.get_name() == "Start a SMTP demo server"))
    do_action(demo, "click")
    wait_for("the demo's client pane", lambda: len(panes(app, "SpClientPane")) == 2)
    demo_client = panes(app, "SpClientPane")[1]
    wait_for("the demo server to listen", lambda: len(panes(app, "SpServerPane")) == 2
             and has_text(panes(app, "SpServerPane")[1], "listen("))
    do_action(demo_client, "pane.connect")
    wait_for("the SMTP greeting", lambda: has_text(demo_client, SMTP_GREETING))
    scroll_panes_to_end()
    capture(workspace_output)


def teaching_scene(app, output, diagram_output):
    frame = window(app)
    server, = wait_for("the server pane", lambda: panes(app, "SpServerPane"))
    client, = wait_for("the client pane", lambda: panes(app, "SpClientPane"))
    do_action(frame, "win.toggle-teaching")
    drag_divider(app, TEACHING_TOP)
    teaching_page(app, 2)

    # server.py up to accept(), then client.py's connect() completes against the backlog.
    do_action(server, "pane.step-mode")
    step(server, "socket()", "bind()")
    step(server, "bind()", "listen()")
    step(server, "listen()", "accept()")
    do_action(client, "pane.step-mode")
    step(client, "socket()", "connect()")
    step(client, "connect()", "recv()")
    step(server, "accept()", "send()")
    step(server, "send()", "close()")
    step(client, "recv()", "close()")
    wait_for("the greeting to arrive", lambda: has_text(client, LESSON_REPLY))
    capture(output)
    if diagram_output is None:
        return

    step(server, "close()", "accept()")
    step(client, "close()", "socket()")
    teaching_page(app, 0)
    capture(diagram_output)


def app_died(app_process):
    """The app could not start (say, Xvfb lost a race for its display number with another
    Xvfb): exit 3 so that screenshot.sh tries again."""
    if app_process.poll() is not None:
        print("screenshot.py: the application exited before it showed its window", file=sys.stderr)
        sys.exit(3)
    return None


def main():
    executable, scene, output = sys.argv[1:4]
    second_output = sys.argv[4] if len(sys.argv) > 4 else None
    scenes = {"lesson": lesson_scene, "teaching": teaching_scene}
    if scene not in scenes:
        sys.exit(f"screenshot.py: unknown scene “{scene}” (lesson or teaching)")

    env = dict(os.environ)
    env.pop("NO_AT_BRIDGE", None)
    app_process = subprocess.Popen([executable], env=env)
    try:
        app = wait_for("the application on the accessibility bus",
                       lambda: find_app("socket-playground") or app_died(app_process))
        scenes[scene](app, output, second_output)
    finally:
        app_process.terminate()
        app_process.wait(timeout=10)


if __name__ == "__main__":
    main()
