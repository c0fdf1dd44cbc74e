#!/usr/bin/env python3
# Python's nntplib, and raw sockets, against the NNTP demo server.
# Usage: demo-nntp.py CHECK PORT, CHECK one of: nntplib, bad-input.
# Prints one line per fact checked; any failed assertion exits non-zero.
# Exits 77 when nntplib is missing (deprecated in 3.11, removed in 3.13).
import socket
import sys
import warnings

check, port = sys.argv[1], int(sys.argv[2])
HOST = '127.0.0.1'
TIMEOUT = 10
GROUP = 'playground.demo'


def nntp_nntplib():
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore', DeprecationWarning)
            import nntplib
    except ImportError:
        print('nntplib is not available in this Python (removed in 3.13)')
        sys.exit(77)

    s = nntplib.NNTP(HOST, port, timeout=TIMEOUT)
    assert s.getwelcome().startswith('200 ')
    caps = s.getcapabilities()
    assert caps['VERSION'] == ['2'] and 'READER' in caps and 'POST' in caps, caps
    print('greeting 200, CAPABILITIES VERSION 2 READER POST')

    resp, groups = s.list()
    assert resp.startswith('215 ')
    assert [(g.group, g.flag) for g in groups] == [(GROUP, 'y'), ('playground.announce', 'n')], groups
    resp, descriptions = s.descriptions('playground.*')
    assert GROUP in descriptions
    print('LIST ACTIVE and LIST NEWSGROUPS')

    resp, count, first, last, name = s.group(GROUP)
    assert resp.startswith('211 ') and (count, first, last, name) == (3, 1, 3, GROUP), resp
    print('GROUP: %s' % resp)

    resp, info = s.article(2)
    assert resp.startswith('220 2 <reading.2@playground.invalid>')
    assert b'Subject: How a reader talks to a news server' in info.lines
    # The line sent dot-stuffed arrives with its one dot.
    assert any(line.startswith(b'.A line that starts with a dot') for line in info.lines), info.lines
    print('ARTICLE 2, dot-stuffing undone')

    resp, info = s.head('<welcome.1@playground.invalid>')
    assert resp.startswith('221 0 <welcome.1@playground.invalid>') and b'' not in info.lines
    resp, info = s.body(3)
    assert resp.startswith('222 3 ') and info.lines == [b'Thanks! The References header links this reply to the first article.']
    assert s.stat()[0].startswith('223 3 ')
    assert s.last()[1] == 2
    print('HEAD by Message-ID, BODY, STAT, LAST')

    body = [b'Newsgroups: ' + GROUP.encode(), b'From: A Learner <learner@playground.invalid>',
            b'Subject: Posted by nntplib', b'', b'First line.', b'.starts with a dot', b'Last line.']
    resp = s.post(body)
    assert resp.startswith('240 '), resp
    message_id = resp.split()[-1]
    s.quit()
    print('POST: 240')

    # A second reader, logged in, finds the new article by number and by Message-ID.
    reader = nntplib.NNTP(HOST, port, user='learner', password='playground', readermode=True, timeout=TIMEOUT)
    resp, count, first, last, name = reader.group(GROUP)
    assert (count, last) == (4, 4), resp
    resp, info = reader.article(4)
    assert b'Subject: Posted by nntplib' in info.lines
    assert info.lines[-3:] == [b'First line.', b'.starts with a dot', b'Last line.'], info.lines
    assert any(line.startswith(b'Message-ID: ' + message_id.encode()) for line in info.lines)
    assert reader.article(message_id)[1].number == 0
    reader.quit()
    print('read back by another client, logged in with AUTHINFO')


class Conn:
    def __init__(self):
        self.sock = socket.create_connection((HOST, port), timeout=TIMEOUT)
        self.file = self.sock.makefile('rb')
        self.greeting = self.line()

    def line(self):
        line = self.file.readline()
        assert line, 'the server closed the connection'
        return line.decode('utf-8', 'replace').rstrip('\r\n')

    def cmd(self, text):
        self.sock.sendall(text.encode() + b'\r\n')
        return self.line()


def expect(conn, line, code, what):
    reply = conn.cmd(line)
    assert reply.startswith(code + ' '), (what, reply)
    print('%s: %s' % (what, reply[:3]))


def bad_input():
    other = Conn()
    expect(other, 'GROUP ' + GROUP, '211', 'another reader selects the group')

    c = Conn()
    expect(c, 'ARTICLE 1', '412', 'ARTICLE before GROUP')
    expect(c, 'NEXT', '412', 'NEXT before GROUP')
    expect(c, 'GROUP alt.nowhere', '411', 'GROUP of a missing group')
    expect(c, 'GROUP', '501', 'GROUP without a name')
    expect(c, 'GROUP ' + GROUP, '211', 'GROUP')
    expect(c, 'ARTICLE 99', '423', 'ARTICLE 99')
    expect(c, 'ARTICLE abc', '501', 'ARTICLE abc')
    expect(c, 'ARTICLE <nowhere@nowhere>', '430', 'ARTICLE of a missing Message-ID')
    expect(c, 'AUTHINFO PASS playground', '482', 'AUTHINFO PASS before USER')
    expect(c, 'LIST OVERVIEW.FMT', '501', 'LIST of an unknown keyword')
    expect(c, 'FROB', '500', 'unknown command')

    c.sock.sendall(b'HELP ' + b'x' * 20480 + b'\r\n')
    assert c.line().startswith('501 ')
    print('20 KiB line: 501')
    c.sock.sendall(b'\x00\x01\xfe\xff junk\r\n')
    assert c.line().startswith('501 ')
    print('binary junk: 501')

    # Articles that cannot be posted: the whole article is read, then 441.
    expect(c, 'POST', '340', 'POST')
    c.sock.sendall(b'Subject: no sender\r\n\r\nbody\r\n.\r\n')
    assert c.line().startswith('441 ')
    print('article without From: 441')
    expect(c, 'POST', '340', 'POST')
    c.sock.sendall(b'From: x@y\r\nNewsgroups: ' + GROUP.encode() + b'\r\nSubject: long\r\n\r\n' +
                   b'y' * 20480 + b'\r\nafter\r\n.\r\n')
    assert c.line().startswith('441 ')
    print('article with a 20 KiB line: 441')
    expect(c, 'POST', '340', 'POST')
    c.sock.sendall(b'From: x@y\r\nNewsgroups: playground.announce\r\nSubject: ro\r\n\r\nbody\r\n.\r\n')
    assert c.line().startswith('441 ')
    print('article for a read-only group: 441')

    # Abrupt closes: mid-command, and mid-article.
    c.sock.sendall(b'ARTI')
    c.sock.close()
    d = Conn()
    expect(d, 'POST', '340', 'POST')
    d.sock.sendall(b'From: x@y\r\nNewsgroups: ' + GROUP.encode() + b'\r\nSubject: cut\r\n\r\nhalf')
    d.sock.close()
    print('abrupt closes mid-command and mid-article')

    # The other reader is still served, and no half article was stored.
    reply = other.cmd('GROUP ' + GROUP)
    assert reply == '211 3 1 3 ' + GROUP, reply
    expect(other, 'ARTICLE 3', '220', 'the other reader: ARTICLE 3')
    while other.line() != '.':
        pass
    expect(other, 'QUIT', '205', 'the other reader: QUIT')
    print('the other reader was served meanwhile')


{'nntplib': nntp_nntplib, 'bad-input': bad_input}[check]()
