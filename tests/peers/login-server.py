#!/usr/bin/env python3
# A tiny line protocol shaped like the start of an FTP session, for the scripted-exchange
# tests: it greets with "220 ready", answers "USER name" with 331, "PASS secret" with 230
# (any other password with 530), "QUIT" with 221 and then closes, anything else with 500.
# It binds HOST on port 0 so the system picks a free port, prints that port first so the
# test knows where to connect, serves one client and exits. Usage: login-server.py HOST
import socket
import sys

host = sys.argv[1]


def serve(c):
    c.sendall(b'220 ready\r\n')
    user = None
    for line in c.makefile('rb'):
        command, _, argument = line.rstrip(b'\r\n').partition(b' ')
        command = command.upper()
        if command == b'USER' and argument:
            user = argument
            c.sendall(b'331 Password required for ' + user + b'\r\n')
        elif command == b'PASS' and user is not None:
            if argument == b'secret':
                c.sendall(b'230 Logged in\r\n')
            else:
                c.sendall(b'530 Login incorrect\r\n')
        elif command == b'QUIT':
            c.sendall(b'221 Bye\r\n')
            return
        else:
            c.sendall(b'500 Unknown command\r\n')


with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.bind((host, 0))
    s.listen(1)
    print(s.getsockname()[1], flush=True)
    c, addr = s.accept()
    with c:
        try:
            serve(c)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client went away without a word: nothing left to serve
