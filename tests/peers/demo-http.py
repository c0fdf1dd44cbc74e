#!/usr/bin/env python3
# Python's own HTTP clients, and raw sockets, against the HTTP demo server.
# Usage: demo-http.py CHECK PORT, CHECK one of: modules, pipelined, bad-input.
# Prints one line per fact checked; any failed assertion exits non-zero.
import re
import socket
import sys

check, port = sys.argv[1], int(sys.argv[2])
HOST = '127.0.0.1'
TIMEOUT = 10


def connect():
    return socket.create_connection((HOST, port), timeout=TIMEOUT)


def read_to_close(s):
    data = b''
    while True:
        chunk = s.recv(65536)
        if not chunk:
            return data
        data += chunk


def ask(data):
    """Sends DATA on a new connection, reads until the server closes."""
    with connect() as s:
        s.sendall(data)
        return read_to_close(s)


def modules():
    import http.client
    import urllib.request

    conn = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
    conn.request('GET', '/')
    r = conn.getresponse()
    body = r.read()
    assert r.status == 200 and r.version == 11, (r.status, r.version)
    assert r.getheader('Content-Type') == 'text/html; charset=utf-8'
    assert int(r.getheader('Content-Length')) == len(body)
    assert r.getheader('Date', '').endswith(' GMT') and r.getheader('Server')
    assert b'href="/hello.txt"' in body and b'href="/about"' in body
    first_socket = conn.sock
    print('GET / 200, links to /hello.txt and /about')

    # Keep-alive: the next requests travel on the same connection.
    conn.request('GET', '/hello.txt')
    r = conn.getresponse()
    assert r.status == 200 and r.read() == b'Hello from the Socket Playground HTTP demo server!\n'
    assert conn.sock is first_socket, 'the connection was not kept alive'
    print('GET /hello.txt 200 on the same connection')

    conn.request('HEAD', '/about')
    r = conn.getresponse()
    assert r.status == 200 and r.read() == b''
    assert int(r.getheader('Content-Length')) > 100
    assert conn.sock is first_socket
    print('HEAD /about 200, Content-Length %s, no body' % r.getheader('Content-Length'))

    conn.request('GET', '/nowhere')
    r = conn.getresponse()
    assert r.status == 404 and b'/nowhere' in r.read()
    assert conn.sock is first_socket
    print('GET /nowhere 404 on the same connection')

    conn.request('POST', '/', body=b'x=1', headers={'Content-Type': 'application/x-www-form-urlencoded'})
    r = conn.getresponse()
    assert r.status == 405 and r.getheader('Allow') == 'GET, HEAD', (r.status, r.getheader('Allow'))
    assert r.getheader('Connection') == 'close'
    r.read()
    print('POST / 405, Allow: GET, HEAD, then close')

    conn.request('GET', '/hello.txt', headers={'Connection': 'close'})
    r = conn.getresponse()
    assert r.status == 200 and r.getheader('Connection') == 'close'
    r.read()
    conn.close()
    print('Connection: close honoured')

    with urllib.request.urlopen('http://%s:%d/about' % (HOST, port), timeout=TIMEOUT) as r:
        assert r.status == 200 and b'<h1>About HTTP</h1>' in r.read()
    print('urllib.request /about 200')


def pipelined():
    # Three requests in one write: three answers, in order, on one connection.
    with connect() as s:
        s.sendall(b'GET /hello.txt HTTP/1.1\r\nHost: demo\r\n\r\n'
                  b'HEAD / HTTP/1.1\r\nHost: demo\r\n\r\n'
                  b'GET /nowhere HTTP/1.1\r\nHost: demo\r\nConnection: close\r\n\r\n')
        data = read_to_close(s)
    statuses = re.findall(rb'HTTP/1\.1 \d{3} [A-Za-z ]+', data)
    assert statuses == [b'HTTP/1.1 200 OK', b'HTTP/1.1 200 OK', b'HTTP/1.1 404 Not Found'], statuses
    assert data.count(b'Hello from the Socket Playground') == 1
    assert b'<!DOCTYPE html>' not in data  # HEAD sends no body
    print('pipelined: 200, 200, 404 in order')

    # HTTP/1.0 keeps the connection only when asked.
    with connect() as s:
        s.sendall(b'GET /hello.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n'
                  b'GET /hello.txt HTTP/1.0\r\n\r\n')
        data = read_to_close(s)
    assert data.count(b'HTTP/1.1 200 OK') == 2 and b'Connection: keep-alive' in data
    assert data.rstrip().endswith(b'demo server!'), data[-80:]
    print('HTTP/1.0 keep-alive when asked, close otherwise')


def status_line(data):
    return data.split(b'\r\n', 1)[0].decode()


def bad_input():
    # A client in the middle of a request while others send bad input: it is still served.
    slow = connect()
    slow.sendall(b'GET /hello.txt HTTP/1.1\r\nHo')

    cases = [
        ('malformed request line', b'GARBAGE\r\n\r\n', 'HTTP/1.1 400 Bad Request'),
        ('HTTP/0.9 style', b'GET /\r\n\r\n', 'HTTP/1.1 400 Bad Request'),
        ('HTTP/2.0', b'GET / HTTP/2.0\r\nHost: x\r\n\r\n', 'HTTP/1.1 505 HTTP Version Not Supported'),
        ('no Host in 1.1', b'GET / HTTP/1.1\r\n\r\n', 'HTTP/1.1 400 Bad Request'),
        ('header without colon', b'GET / HTTP/1.1\r\nHost: x\r\nNonsense\r\n\r\n', 'HTTP/1.1 400 Bad Request'),
        ('folded header', b'GET / HTTP/1.1\r\nHost: x\r\n  folded\r\n\r\n', 'HTTP/1.1 400 Bad Request'),
        ('unknown method', b'BREW / HTTP/1.1\r\nHost: x\r\n\r\n', 'HTTP/1.1 501 Not Implemented'),
        ('DELETE', b'DELETE / HTTP/1.1\r\nHost: x\r\n\r\n', 'HTTP/1.1 405 Method Not Allowed'),
        ('20 KiB request line', b'GET /' + b'a' * 20480 + b' HTTP/1.1\r\n\r\n', 'HTTP/1.1 414 URI Too Long'),
        ('20 KiB header', b'GET / HTTP/1.1\r\nX: ' + b'a' * 20480 + b'\r\n\r\n',
         'HTTP/1.1 431 Request Header Fields Too Large'),
        ('100 headers', b'GET / HTTP/1.1\r\nHost: x\r\n' + b'X-A: b\r\n' * 100 + b'\r\n',
         'HTTP/1.1 431 Request Header Fields Too Large'),
        ('binary junk', b'\x00\x01\x02\xff\xfe junk\r\n\r\n', 'HTTP/1.1 400 Bad Request'),
    ]
    for name, request, expected in cases:
        data = ask(request)
        assert status_line(data) == expected, (name, data[:200])
        assert b'Connection: close' in data, name
        print('%s: %s' % (name, expected))

    # Abrupt closes, mid request line and mid headers.
    for partial in (b'GET /hel', b'GET / HTTP/1.1\r\nHost: x\r\nAcc'):
        s = connect()
        s.sendall(partial)
        s.close()
    print('abrupt closes mid-request')

    slow.sendall(b'st: demo\r\n\r\n')
    data = b''
    while b'demo server!\n' not in data:
        chunk = slow.recv(65536)
        assert chunk, 'the slow client was dropped'
        data += chunk
    assert status_line(data) == 'HTTP/1.1 200 OK'
    slow.close()
    print('the slow client was served meanwhile')


{'modules': modules, 'pipelined': pipelined, 'bad-input': bad_input}[check]()
