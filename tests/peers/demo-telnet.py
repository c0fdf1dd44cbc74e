#!/usr/bin/env python3
# Python's telnetlib, and raw bytes with Telnet commands, against the Telnet demo server.
# Usage: demo-telnet.py CHECK PORT, CHECK one of: telnetlib, raw, bad-input.
# Prints one line per fact checked; any failed assertion exits non-zero.
# Exits 77 when telnetlib is missing (deprecated in 3.11, removed in 3.13).
import socket
import sys
import warnings

check, port = sys.argv[1], int(sys.argv[2])
HOST = '127.0.0.1'
TIMEOUT = 10

IAC, DONT, DO, WONT, WILL, SB, SE, AYT = 255, 254, 253, 252, 251, 250, 240, 246
ECHO, SGA, NAWS = 1, 3, 31


def telnet_telnetlib():
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore', DeprecationWarning)
            import telnetlib
    except ImportError:
        print('telnetlib is not available in this Python (removed in 3.13)')
        sys.exit(77)

    negotiated = []

    def option(sock, command, opt):
        negotiated.append((command, opt))
        # Accept the one option the server asks for, refuse anything else.
        if command == telnetlib.DO and opt == telnetlib.SGA:
            sock.sendall(telnetlib.IAC + telnetlib.WILL + opt)
        elif command == telnetlib.DO:
            sock.sendall(telnetlib.IAC + telnetlib.WONT + opt)

    t = telnetlib.Telnet()
    t.set_option_negotiation_callback(option)
    t.open(HOST, port, timeout=TIMEOUT)
    banner = t.read_until(b'login: ', TIMEOUT)
    assert banner.endswith(b'login: ') and b'Socket Playground Telnet demo' in banner, banner
    assert b'\xff' not in banner
    t.write(b'learner\n')
    assert t.read_until(b'Password: ', TIMEOUT).endswith(b'Password: ')
    t.write(b'playground\n')
    welcome = t.read_until(b'playground> ', TIMEOUT)
    assert welcome.startswith(b'Welcome, learner.'), welcome
    print('login with learner / playground')
    assert negotiated == [(telnetlib.DO, telnetlib.SGA)], negotiated
    print('options negotiated: the server asked DO SUPPRESS-GO-AHEAD, the client said WILL')

    t.write(b'echo Hello, Telnet\n')
    assert t.read_until(b'playground> ', TIMEOUT) == b'Hello, Telnet\r\nplayground> '
    t.write(b'whoami\n')
    assert t.read_until(b'playground> ', TIMEOUT) == b'learner\r\nplayground> '
    t.write(b'options\n')
    assert b'SUPPRESS-GO-AHEAD (client): on' in t.read_until(b'playground> ', TIMEOUT)
    t.write(b'help\n')
    assert b'echo TEXT' in t.read_until(b'playground> ', TIMEOUT)
    print('echo, whoami, options, help')

    # A data byte 255 travels doubled both ways; telnetlib undoubles it.
    t.write(b'echo \xff\n')
    assert t.read_until(b'playground> ', TIMEOUT) == b'\xff\r\nplayground> '
    print('byte 255 round trip')

    t.write(b'quit\n')
    assert t.read_all() == b'Goodbye.\r\n'
    t.close()
    print('quit: Goodbye and close')


def recv_until(s, marker):
    data = b''
    while marker not in data:
        chunk = s.recv(4096)
        assert chunk, ('closed before', marker, data)
        data += chunk
    return data


def raw():
    s = socket.create_connection((HOST, port), timeout=TIMEOUT)
    first = recv_until(s, b'login: ')
    # The only command the server sends first: IAC DO SUPPRESS-GO-AHEAD.
    assert first.startswith(bytes([IAC, DO, SGA])) and first.count(IAC) == 1, first
    print('server opens with IAC DO SUPPRESS-GO-AHEAD')

    # Options requested by the client are refused; a subnegotiation is skipped; the login
    # is cut by IAC commands and ends with CR NUL, as a terminal sends Enter.
    s.sendall(bytes([IAC, DO, ECHO, IAC, WILL, NAWS]) + b'lea' +
              bytes([IAC, SB, NAWS, 0, 80, 0, 24, IAC, SE]) + b'rner\r\0')
    reply = recv_until(s, b'Password: ')
    assert reply.startswith(bytes([IAC, WONT, ECHO, IAC, DONT, NAWS])), reply
    assert reply.count(IAC) == 2, reply
    print('DO ECHO refused with WONT, WILL NAWS refused with DONT, SB skipped')

    # IAC split across two writes, CR LF line end.
    s.sendall(b'playground\r\n' + bytes([IAC]))
    s.sendall(bytes([WILL, SGA]) + b'whoamx\x7fi\r\n')
    reply = recv_until(s, b'learner\r\nplayground> ')
    assert IAC not in reply, reply
    print('WILL SGA accepted silently, an IAC split across reads, DEL erases')

    s.sendall(b'echo a' + bytes([IAC, IAC]) + b'b\r\n')
    reply = recv_until(s, b'playground> ')
    assert reply == b'a' + bytes([IAC, IAC]) + b'b\r\nplayground> ', reply
    print('IAC IAC is a data byte 255, sent back doubled')

    s.sendall(bytes([IAC, AYT]))
    assert b'[Yes' in recv_until(s, b']\r\n')
    print('IAC AYT answered')

    s.sendall(b'quit\r\n')
    assert recv_until(s, b'Goodbye.\r\n').endswith(b'Goodbye.\r\n')
    assert s.recv(4096) == b''
    s.close()


def bad_input():
    other = socket.create_connection((HOST, port), timeout=TIMEOUT)
    recv_until(other, b'login: ')
    other.sendall(b'learner\r\nplayground\r\n')
    recv_until(other, b'playground> ')

    s = socket.create_connection((HOST, port), timeout=TIMEOUT)
    recv_until(s, b'login: ')
    # Commands before logging in are taken as a user name.
    s.sendall(b'help\r\nwhoami\r\n')
    assert b'Login incorrect.' in recv_until(s, b'login: ')
    print('commands before login: Login incorrect')

    s.sendall(b'learner\r\nplayground\r\n')
    recv_until(s, b'playground> ')
    s.sendall(b'echo ' + b'x' * 20480 + b'\r\n')
    assert b'That line is too long' in recv_until(s, b'playground> ')
    print('20 KiB line: too long, prompt again')
    s.sendall(b'\x00\x01\x02\x1b[31m junk\r\n')
    reply = recv_until(s, b'playground> ')
    assert reply.startswith(b'Unknown command: ') and b'\x1b' not in reply, reply
    print('binary junk: Unknown command, control characters not echoed')
    s.sendall(b'ech')
    s.close()
    print('abrupt close mid-command')

    # Three wrong passwords end the session.
    w = socket.create_connection((HOST, port), timeout=TIMEOUT)
    w.sendall(b'learner\r\nx\r\nlearner\r\ny\r\nlearner\r\nz\r\n')
    data = b''
    while True:
        chunk = w.recv(4096)
        if not chunk:
            break
        data += chunk
    assert data.count(b'Login incorrect') == 3 and data.endswith(b'goodbye.\r\n'), data[-100:]
    print('three wrong passwords: closed')

    other.sendall(b'whoami\r\n')
    assert recv_until(other, b'playground> ') == b'learner\r\nplayground> '
    other.close()
    print('the other client was served meanwhile')


{'telnetlib': telnet_telnetlib, 'raw': raw, 'bad-input': bad_input}[check]()
