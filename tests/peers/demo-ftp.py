#!/usr/bin/env python3
# Python's ftplib, and raw sockets, against the FTP demo server.
# Usage: demo-ftp.py CHECK PORT, CHECK one of: ftplib, bad-input, ipv6.
# Prints one line per fact checked; any failed assertion exits non-zero.
import ftplib
import io
import re
import socket
import sys

check, port = sys.argv[1], int(sys.argv[2])
HOST = '127.0.0.1'
TIMEOUT = 10
USER, PASSWORD = 'learner', 'playground'


def ftp_ftplib():
    ftp = ftplib.FTP()
    assert ftp.connect(HOST, port, timeout=TIMEOUT).startswith('220 ')
    assert ftp.login(USER, PASSWORD).startswith('230 ')
    assert ftp.sendcmd('SYST') == '215 UNIX Type: L8'
    assert ftp.pwd() == '/'
    print('login, SYST, PWD /')

    ftp.cwd('pub')
    assert ftp.pwd() == '/pub'
    names = ftp.nlst()
    assert sorted(names) == ['hello.txt', 'readme.txt'], names
    lines = []
    ftp.dir(lines.append)
    assert len(lines) == 2 and all(re.match(r'-rw-r--r-- 1 ftp ftp +\d+ \w{3} [ \d]\d ', line) for line in lines), lines
    print('NLST and LIST of /pub')

    data = io.BytesIO()
    assert ftp.retrbinary('RETR hello.txt', data.write).startswith('226 ')
    assert data.getvalue() == b'Hello from the Socket Playground FTP demo server!\n'
    assert ftp.size('hello.txt') == len(data.getvalue())
    print('RETR hello.txt, SIZE %d' % ftp.size('hello.txt'))

    # In ASCII mode a text file travels with CR LF line ends.
    text = []
    ftp.retrlines('RETR readme.txt', text.append)
    assert text[0] == 'Welcome to the Socket Playground FTP demo server.'
    print('RETR readme.txt in ASCII mode')

    ftp.cwd('..')
    ftp.cwd('/upload')
    payload = bytes(range(256)) * 400
    assert ftp.storbinary('STOR bytes.bin', io.BytesIO(payload)).startswith('226 ')
    back = io.BytesIO()
    ftp.retrbinary('RETR bytes.bin', back.write)
    assert back.getvalue() == payload
    assert ftp.size('/upload/bytes.bin') == len(payload)
    print('STOR then RETR of %d bytes, identical' % len(payload))

    assert ftp.mkd('notes') == '/upload/notes'
    ftp.storlines('STOR notes/todo.txt', io.BytesIO(b'one\ntwo\n'))
    assert ftp.nlst('notes') == ['todo.txt']
    print('MKD, STOR in ASCII mode, NLST of a subdirectory')

    # Active mode: the server connects back to us.
    ftp.set_pasv(False)
    back = io.BytesIO()
    assert ftp.retrbinary('RETR bytes.bin', back.write).startswith('226 ')
    assert back.getvalue() == payload
    print('active mode (PORT) RETR')

    try:
        ftp.storbinary('STOR /pub/nope.txt', io.BytesIO(b'x'))
        assert False, 'STOR into /pub was accepted'
    except ftplib.error_perm as e:
        assert str(e).startswith('550 '), e
    print('STOR outside /upload refused: 550')

    assert ftp.quit().startswith('221 ')

    # Another client sees the upload; anonymous users download only.
    anonymous = ftplib.FTP()
    anonymous.connect(HOST, port, timeout=TIMEOUT)
    assert anonymous.login().startswith('230 ')
    back = io.BytesIO()
    anonymous.retrbinary('RETR /upload/bytes.bin', back.write)
    assert back.getvalue() == payload
    try:
        anonymous.storbinary('STOR /upload/anon.txt', io.BytesIO(b'x'))
        assert False, 'anonymous STOR was accepted'
    except ftplib.error_perm as e:
        assert str(e).startswith('550 '), e
    anonymous.quit()
    print('anonymous: the upload is there for others, STOR refused')


class Control:
    """A control connection read reply by reply."""

    def __init__(self):
        self.sock = socket.create_connection((HOST, port), timeout=TIMEOUT)
        self.file = self.sock.makefile('rb')
        self.greeting = self.reply()

    def reply(self):
        line = self.file.readline()
        assert line, 'the server closed the control connection'
        text = line.decode('utf-8', 'replace').rstrip('\r\n')
        if len(text) > 3 and text[3] == '-':  # multi-line reply
            while True:
                more = self.file.readline().decode('utf-8', 'replace').rstrip('\r\n')
                if more.startswith(text[:3] + ' '):
                    return more
        return text

    def send(self, raw):
        self.sock.sendall(raw)

    def cmd(self, line):
        self.send(line.encode() + b'\r\n')
        return self.reply()

    def login(self):
        assert self.cmd('USER ' + USER).startswith('331 ')
        assert self.cmd('PASS ' + PASSWORD).startswith('230 ')

    def pasv_connect(self):
        reply = self.cmd('EPSV')
        data_port = int(re.search(r'\(\|\|\|(\d+)\|\)', reply).group(1))
        return socket.create_connection((HOST, data_port), timeout=TIMEOUT)


def expect(control, line, code, what):
    reply = control.cmd(line)
    assert reply.startswith(code + ' '), (what, reply)
    print('%s: %s' % (what, reply[:3]))


def bad_input():
    # Someone else keeps a session open and logged in throughout.
    other = Control()
    other.login()

    c = Control()
    expect(c, 'PWD', '530', 'PWD before login')
    expect(c, 'RETR hello.txt', '530', 'RETR before login')
    expect(c, 'PASS playground', '503', 'PASS before USER')
    expect(c, 'USER learner', '331', 'USER')
    expect(c, 'PASS wrong', '530', 'wrong password')
    c.login()
    expect(c, 'RETR /pub/hello.txt', '425', 'RETR before PASV')
    expect(c, 'RETR /pub/none.txt', '550', 'RETR of a missing file')
    expect(c, 'CWD /nowhere', '550', 'CWD to a missing directory')
    expect(c, 'CWD', '501', 'CWD without argument')
    expect(c, 'TYPE E', '504', 'TYPE E')
    expect(c, 'DELE /upload/x', '502', 'DELE')
    expect(c, 'FROB', '500', 'unknown command')
    expect(c, 'PORT 10,0,0,1,4,1', '500', 'PORT aimed at another host')
    expect(c, 'PORT 1,2,3', '501', 'PORT with bad syntax')

    c.send(b'NOOP ' + b'x' * 20480 + b'\r\n')
    reply = c.reply()
    assert reply.startswith('500 ') and 'too long' in reply, reply
    print('20 KiB line: 500')
    c.send(b'\x00\x01\xfe\xff junk\r\n')
    assert c.reply().startswith('500 ')
    print('binary junk: 500')
    expect(c, 'NOOP', '200', 'still answering')

    # An upload over the size limit is refused with 552.
    data = c.pasv_connect()
    assert c.cmd('STOR /upload/big.bin').startswith('150 ')
    try:
        data.sendall(b'\0' * (1024 * 1024 + 65536))
    except OSError:
        pass  # the server may close the data connection first
    data.close()
    reply = c.reply()
    assert reply.startswith('552 '), reply
    print('upload over 1 MiB: 552')

    # Abrupt closes: mid-command, and mid-upload with the control connection dropped.
    c.send(b'RET')
    c.sock.close()
    d = Control()
    d.login()
    data = d.pasv_connect()
    assert d.cmd('STOR /upload/partial.bin').startswith('150 ')
    data.sendall(b'half a file')
    d.sock.close()
    data.close()
    # Gone after PASV, with the server still listening for the data connection.
    e = Control()
    e.login()
    assert e.cmd('PASV').startswith('227 ')
    e.sock.close()
    print('abrupt closes mid-command, mid-upload and after PASV')

    # A download whose reader hangs up at once: 426 if the server noticed, 226 if not.
    f = Control()
    f.login()
    data = f.pasv_connect()
    assert f.cmd('TYPE I').startswith('200 ')
    assert f.cmd('STOR /upload/large.bin').startswith('150 ')
    data.sendall(b'\xab' * (1000 * 1024))
    data.close()
    assert f.reply().startswith('226 ')
    data = f.pasv_connect()
    assert f.cmd('RETR /upload/large.bin').startswith('150 ')
    data.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b'\1\0\0\0\0\0\0\0')
    data.close()
    reply = f.reply()
    assert reply[:4] in ('226 ', '426 '), reply
    expect(f, 'NOOP', '200', 'after a download cut short (%s)' % reply[:3])

    # The other session still works, and sees no trace of the broken upload.
    expect(other, 'CWD /upload', '250', 'the other client: CWD')
    data = other.pasv_connect()
    assert other.cmd('NLST').startswith('150 ')
    names = b''
    while True:
        chunk = data.recv(4096)
        if not chunk:
            break
        names += chunk
    data.close()
    assert other.reply().startswith('226 ')
    assert b'big.bin' not in names, names
    expect(other, 'QUIT', '221', 'the other client: QUIT')
    print('the other client was served meanwhile')


def ipv6():
    # On IPv6, PASV cannot name the address: ftplib uses EPSV, and PASV is refused.
    ftp = ftplib.FTP()
    ftp.connect('::1', port, timeout=TIMEOUT)
    ftp.login(USER, PASSWORD)
    data = io.BytesIO()
    assert ftp.retrbinary('RETR /pub/hello.txt', data.write).startswith('226 ')
    assert data.getvalue() == b'Hello from the Socket Playground FTP demo server!\n'
    print('IPv6: RETR over EPSV')
    try:
        ftp.sendcmd('PASV')
        assert False, 'PASV was accepted on IPv6'
    except ftplib.error_temp as e:
        assert str(e).startswith('425 '), e
    print('IPv6: PASV refused with 425')
    ftp.set_pasv(False)
    data = io.BytesIO()
    assert ftp.retrbinary('RETR /pub/hello.txt', data.write).startswith('226 ')
    assert data.getvalue().startswith(b'Hello')
    print('IPv6: RETR in active mode (EPRT)')
    ftp.quit()


{'ftplib': ftp_ftplib, 'bad-input': bad_input, 'ipv6': ipv6}[check]()
