#!/usr/bin/python3
# test-accessibility.py — every control of the window has a name a screen reader can say
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Starts the built app with the accessibility bridge on, finds its window on the AT-SPI
# desktop, opens the port reference and expands what can be expanded, then walks the
# whole accessible tree the way a screen reader sees it. A control fails when its name
# is empty, is its GTK type ("GtkMenuButton"), still shows a mnemonic underscore
# ("Add _Client"), or is one phrase said twice ("Connect Connect"); or when neither it
# nor a part of it can take the keyboard focus.
#
# Usage: test-accessibility.py [PATH-TO-socket-playground]  (or SP_EXECUTABLE)
# Exit status: 0 all named, 1 offenders found, 77 no accessibility bus (skipped).

import ctypes
import os
import re
import signal
import subprocess
import sys
import time

SKIP = 77
DEADLINE = 30.0

# The roles a person acts on, as libatspi names them.
CONTROL_ROLES = {
    'push button', 'toggle button', 'check box', 'radio button', 'combo box',
    'text', 'entry', 'password text', 'spin button', 'menu item', 'check menu item',
    'radio menu item', 'slider', 'switch', 'link',
}

FOCUS_PROBLEM = 'cannot take the keyboard focus'

TYPE_NAME = re.compile(r'^(Gtk|Adw)[A-Z][A-Za-z]*$')


def skip(reason):
    print('SKIP: ' + reason)
    sys.exit(SKIP)


# The suite makes GLib warnings fatal, which is right for the app but not for libatspi in
# this process: it warns when another program on the bus goes away mid-query. GLib reads
# G_DEBUG when it is loaded, so this must come before importing gi; the app keeps it.
APP_G_DEBUG = os.environ.get('G_DEBUG')
if APP_G_DEBUG is not None:
    os.environ['G_DEBUG'] = ','.join(flag for flag in APP_G_DEBUG.split(',')
                                     if flag not in ('fatal-warnings', 'fatal-criticals'))

try:
    import gi
    gi.require_version('Atspi', '2.0')
    from gi.repository import Atspi, Gio, GLib
except (ImportError, ValueError) as e:
    skip('the AT-SPI Python bindings (gir1.2-atspi-2.0) are not installed: %s' % e)


def accessibility_bus_reachable():
    """True when the session bus answers for the accessibility bus (org.a11y.Bus)."""
    try:
        bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        bus.call_sync('org.a11y.Bus', '/org/a11y/bus', 'org.a11y.Bus', 'GetAddress',
                      None, GLib.VariantType.new('(s)'), Gio.DBusCallFlags.NONE, 5000, None)
        return True
    except GLib.Error:
        return False


def mnemonic_in(name):
    """A word with one underscore before a letter, as in "Add _Client" or "c_lose".

    Upper-case identifiers such as SHUT_WR are words a learner reads, not mnemonics."""
    for word in name.split():
        word = word.strip('()[]{}.,:;…"\'')
        if re.search(r'(?<!_)_[^\W_]', word) and word.count('_') == 1:
            bare = word.replace('_', '')
            if not (bare.isupper() or bare.isdigit()):
                return True
    return False


def repeated(name):
    """"Connect Connect", "Add _Client Add Client": one phrase said twice."""
    words = name.replace('_', '').casefold().split()
    half = len(words) // 2
    return half > 0 and len(words) % 2 == 0 and words[:half] == words[half:]


def problem_of(name):
    name = (name or '').strip()
    if name == '':
        return 'no name'
    if TYPE_NAME.match(name):
        return 'named after its type'
    if mnemonic_in(name):
        return 'mnemonic underscore in the name'
    if repeated(name):
        return 'the same phrase twice'
    return None


def keyboard_reachable(node):
    """Focusable itself, or through the part of it that takes the focus (a drop-down's
    button, a menu button's toggle)."""
    if has_state(node, Atspi.StateType.FOCUSABLE):
        return True
    return any(safe(child.get_role_name) in CONTROL_ROLES and keyboard_reachable(child)
               for child in children(node))


def safe(call, default=None):
    try:
        return call()
    except GLib.Error:
        return default


def children(node):
    count = safe(node.get_child_count, 0)
    for i in range(count):
        child = safe(lambda: node.get_child_at_index(i))
        if child is not None:
            yield child


def walk(node, path, visit, depth=0):
    """Depth-first, calling visit(node, path) with the ancestors' labels."""
    if depth > 80:
        return
    visit(node, path)
    name = safe(node.get_name, '') or ''
    role = safe(node.get_role_name, '') or ''
    label = "%s '%s'" % (role, name) if name else role
    for child in children(node):
        walk(child, path + [label], visit, depth + 1)


def find_window(pid):
    desktop = Atspi.get_desktop(0)
    for app in children(desktop):
        if safe(app.get_process_id) != pid:
            continue
        for window in children(app):
            if safe(window.get_role) == Atspi.Role.FRAME:
                return app, window
    return None, None


def fresh(app):
    """Forget what libatspi cached: the tree changes under us as sections open."""
    safe(lambda: app.clear_cache())


def find_all(window, predicate):
    found = []
    walk(window, [], lambda node, path: found.append(node) if predicate(node) else None)
    return found


def has_state(node, state):
    states = safe(node.get_state_set)
    return states is not None and states.contains(state)


def click(node):
    """The first action, as a screen reader's "activate" does: a button's click."""
    if safe(node.get_n_actions, 0) == 0:
        return False
    return bool(safe(lambda: node.do_action(0), False))


def settle(app, seconds=0.5):
    time.sleep(seconds)
    fresh(app)


def open_port_panel(app, window):
    # GTK 4.8 reports a toggle button as a push button that can be pressed.
    def is_ports_toggle(node):
        return (safe(node.get_role_name) in ('toggle button', 'push button')
                and (safe(node.get_name, '') or '').replace('_', '').casefold() == 'ports')

    for toggle in find_all(window, is_ports_toggle):
        if (has_state(toggle, Atspi.StateType.CHECKED)
                or has_state(toggle, Atspi.StateType.PRESSED)):
            return True
        if click(toggle):
            settle(app, 1.0)
            return True
    return False


def expand_sections(app, window):
    """Open every collapsed expander; a few rounds, as opening one may show another."""
    opened = 0
    for _ in range(3):
        def is_collapsed(node):
            return (safe(node.get_role_name) in ('push button', 'toggle button')
                    and has_state(node, Atspi.StateType.EXPANDABLE)
                    and not has_state(node, Atspi.StateType.EXPANDED)
                    and not has_state(node, Atspi.StateType.HAS_POPUP))

        collapsed = find_all(window, is_collapsed)
        clicked = sum(1 for node in collapsed if click(node))
        if clicked == 0:
            break
        opened += clicked
        settle(app)
    return opened


def menu_buttons(window):
    """Each menu button with the toggle inside it that opens its popover."""
    def role(node):
        return safe(node.get_role_name)

    pairs = []
    for node in find_all(window, lambda n: role(n) == 'push button'):
        for child in children(node):
            if role(child) == 'push button' and safe(child.get_n_actions, 0) > 0:
                pairs.append((node, child))
                break
    return pairs


def walk_menus(app, window, path, visit):
    """Open each menu in turn, check what it holds, and close it again.

    A closed popover is not in the tree, and an open one takes the keyboard."""
    opened = 0
    for button, toggle in menu_buttons(window):
        if not click(toggle):
            continue
        settle(app)
        label = "menu of '%s'" % (safe(button.get_name, '') or '')
        for child in children(button):
            if safe(child.get_role_name) not in ('push button',):
                walk(child, path + [label], visit)
                opened += 1
        click(toggle)
        settle(app, 0.3)
    return opened


def die_with_parent():
    """In the app's process: end it if this script dies without cleaning up (Linux)."""
    try:
        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def main():
    app_path = sys.argv[1] if len(sys.argv) > 1 else os.environ.get('SP_EXECUTABLE')
    if not app_path:
        print('usage: test-accessibility.py PATH-TO-socket-playground (or set SP_EXECUTABLE)')
        return 2

    if not accessibility_bus_reachable():
        skip('no accessibility bus could be reached on the session bus '
             '(run the test inside dbus-run-session)')

    # The suite turns the bridge off for its in-process tests; this one needs it.
    env = dict(os.environ)
    env.pop('NO_AT_BRIDGE', None)
    if env.get('GTK_A11Y') == 'none':
        env.pop('GTK_A11Y')
    if APP_G_DEBUG is not None:
        env['G_DEBUG'] = APP_G_DEBUG

    proc = subprocess.Popen([app_path], env=env, preexec_fn=die_with_parent)
    try:
        return check(proc)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def check(proc):
    Atspi.init()

    deadline = time.monotonic() + DEADLINE
    app = window = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            print('FAIL: the app exited with status %d before its window appeared' % proc.returncode)
            return 1
        app, window = find_window(proc.pid)
        if window is not None:
            break
        time.sleep(0.2)
    if window is None:
        print('FAIL: no window of the app appeared on the accessibility bus within %d s'
              % DEADLINE)
        return 1
    settle(app)

    if not open_port_panel(app, window):
        print('note: the port reference could not be opened; its controls are not checked')
    opened = expand_sections(app, window)

    checked = []
    offenders = []
    excused = []

    def visit(node, path):
        role = safe(node.get_role_name, '') or ''
        if role not in CONTROL_ROLES:
            return
        name = safe(node.get_name, '') or ''
        checked.append(node)
        problem = problem_of(name)
        if problem is None and not keyboard_reachable(node):
            problem = FOCUS_PROBLEM
        if os.environ.get('SP_A11Y_VERBOSE'):
            print("%s '%s'%s" % (role, name, ' (%s)' % problem if problem else ''))
        if problem is None:
            return
        # A drop-down's own button (a push button to GTK 4.8): the screen reader names
        # the combo box around it. Focus is the button's business, so no excuse there.
        parent = safe(node.get_parent)
        if (role in ('toggle button', 'push button') and problem != FOCUS_PROBLEM
                and parent is not None
                and safe(parent.get_role_name) == 'combo box'
                and problem_of(safe(parent.get_name, '')) is None):
            excused.append((role, name, path))
            return
        offenders.append((problem, role, name, path))

    walk(window, [], visit)
    menus = walk_menus(app, window, ["frame '%s'" % safe(window.get_name, '')], visit)

    if proc.poll() is not None:
        print('FAIL: the app exited with status %d during the walk' % proc.returncode)
        return 1

    for role, name, path in excused:
        print("excused: %s '%s' inside a named combo box: %s" % (role, name, ' > '.join(path)))

    if offenders:
        for problem, role, name, path in offenders:
            print("FAIL: %s '%s' (%s)\n      in %s" % (role, name, problem, ' > '.join(path)))
        print('%d of %d controls have no usable accessible name' % (len(offenders), len(checked)))
        return 1

    print('%d controls checked, all named (%d sections expanded, %d menus opened, %d excused)'
          % (len(checked), opened, menus, len(excused)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
