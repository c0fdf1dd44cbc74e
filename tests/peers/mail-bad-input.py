#!/usr/bin/env python3
# Bad input for the demo mail servers over raw sockets: over-long lines, binary junk,
# commands out of order, a client vanishing mid-conversation, and a second client served
# normally while the first one misbehaves.
# Usage: mail-bad-input.py smtp|pop3|imap PORT
# Exits with 1 and the reason at the first unexpected reply.
import socket
import sys

protocol, port = sys.argv[1], int(sys.argv[2])
LONG_LINE = b'X' * 20480 + b'\r\n'
JUNK = b'\x00\x01\xff\xfe junk\r\n'


class Peer:
    def __init__(self):
        self.sock = socket.create_connection(('127.0.0.1', port), timeout=20)
        self.file = self.sock.makefile('rb')

    def line(self):
        data = self.file.readline()
        if not data:
            fail('the server closed the connection')
        return data.decode('latin-1').rstrip('\r\n')

    def send(self, data):
        self.sock.sendall(data)

    def expect(self, prefix, data=None):
        """Sends data, if any, and checks the next line's start."""
        if data is not None:
            self.send(data)
        reply = self.line()
        if not reply.startswith(prefix):
            fail('after %r: expected %r, got %r' % ((data or b'')[:60], prefix, reply))
        return reply

    def until(self, prefix, data=None):
        """Sends data, if any, and reads lines up to the one starting with prefix."""
        if data is not None:
            self.send(data)
        lines = []
        while True:
            lines.append(self.line())
            if lines[-1].startswith(prefix):
                return lines

    def vanish(self):
        self.file.close()
        self.sock.close()


def fail(reason):
    print('FAIL (%s): %s' % (protocol, reason))
    sys.exit(1)


def smtp():
    a = Peer()
    a.expect('220 ')
    a.expect('500 Line too long', LONG_LINE)
    a.expect('500 ', JUNK)
    a.expect('503 ', b'MAIL FROM:<ada@example.org>\r\n')           # before EHLO
    a.until('250 ', b'EHLO a.example\r\n')
    a.expect('503 ', b'RCPT TO:<learner@localhost>\r\n')           # before MAIL
    a.expect('503 ', b'DATA\r\n')
    a.expect('501 ', b'MAIL FROM:ada@example.org\r\n')             # no angle brackets
    a.expect('555 ', b'MAIL FROM:<ada@example.org> COLOUR=blue\r\n')
    a.expect('250 ', b'MAIL FROM:<ada@example.org>\r\n')
    a.expect('503 ', b'MAIL FROM:<ada@example.org>\r\n')           # nested MAIL
    a.expect('503 ', b'DATA\r\n')                                  # before RCPT
    a.expect('500 ', b'FROB\r\n')
    a.expect('502 ', b'EXPN staff\r\n')
    a.expect('252 ', b'VRFY learner\r\n')
    a.expect('250 ', b'RCPT TO:<learner@localhost>\r\n')
    a.expect('354 ', b'DATA\r\n')
    # Too big: refused at the final dot, after reading it all.
    a.expect('552 ', b'Subject: big\r\n\r\n' + (b'y' * 998 + b'\r\n') * 1100 + b'.\r\n')
    a.expect('250 ', b'MAIL FROM:<ada@example.org>\r\n')
    a.expect('250 ', b'RCPT TO:<learner@localhost>\r\n')
    a.expect('354 ', b'DATA\r\n')
    a.expect('554 ', b'Subject: binary\r\n\r\n\x00\x01 NUL bytes\r\n.\r\n')
    a.expect('250 ', b'MAIL FROM:<ada@example.org>\r\n')
    a.expect('250 ', b'RCPT TO:<learner@localhost>\r\n')
    a.expect('354 ', b'DATA\r\n')
    a.expect('552 ', b'Subject: long line\r\n\r\n' + LONG_LINE + b'.\r\n')
    a.expect('250 ', b'RSET\r\n')
    a.expect('250 ', b'MAIL FROM:<ada@example.org>\r\n')
    a.expect('250 ', b'RCPT TO:<learner@localhost>\r\n')
    a.expect('354 ', b'DATA\r\n')
    a.send(b'Subject: cut short\r\n\r\nhalf a mess')

    # Meanwhile a second client gets its mail through.
    b = Peer()
    b.expect('220 ')
    b.expect('250 ', b'HELO b.example\r\n')
    b.expect('250 ', b'MAIL FROM:<bob@example.org>\r\n')
    b.expect('250 ', b'RCPT TO:<learner@localhost>\r\n')
    b.expect('354 ', b'DATA\r\n')
    b.expect('250 OK: delivered', b'Subject: from b\r\n\r\nDelivered.\r\n.\r\n')
    b.expect('221 ', b'QUIT\r\n')
    a.vanish()


def pop3():
    a = Peer()
    a.expect('+OK')
    a.expect('-ERR Line too long', LONG_LINE)
    a.expect('-ERR', JUNK)
    a.expect('-ERR', b'STAT\r\n')                     # before login
    a.expect('-ERR', b'PASS playground\r\n')          # before USER
    a.expect('+OK', b'USER learner\r\n')
    a.expect('-ERR', b'PASS wrong\r\n')
    a.expect('+OK', b'USER learner\r\n')
    a.expect('+OK', b'PASS playground\r\n')
    a.expect('-ERR', b'USER learner\r\n')             # already logged in
    a.expect('-ERR', b'RETR 99\r\n')
    a.expect('-ERR', b'RETR one\r\n')
    a.expect('-ERR', b'TOP 1\r\n')
    a.expect('-ERR', b'FROB\r\n')
    a.expect('+OK', b'DELE 1\r\n')
    a.expect('-ERR', b'RETR 1\r\n')                   # marked as deleted
    a.expect('-ERR', b'DELE 1\r\n')
    a.expect('+OK 0 0', b'STAT\r\n')

    # A second client still sees the message: DELE waits for QUIT.
    b = Peer()
    b.expect('+OK')
    b.expect('+OK', b'USER learner\r\n')
    b.expect('+OK', b'PASS playground\r\n')
    b.expect('+OK 1 ', b'STAT\r\n')
    b.until('.', b'RETR 1\r\n')
    b.expect('+OK', b'QUIT\r\n')
    a.vanish()                                        # no QUIT: nothing is removed


def imap():
    a = Peer()
    a.expect('* OK')
    a.expect('* BAD Line too long', LONG_LINE)
    a.expect('* BAD', JUNK)
    a.expect('* BAD', b'\r\n')
    a.expect('a1 BAD Command before login', b'a1 SELECT INBOX\r\n')
    a.expect('a2 BAD Unknown command', b'a2 FROB\r\n')
    a.expect('a3 NO', b'a3 LOGIN learner wrong\r\n')
    a.expect('a4 BAD Literals', b'a4 LOGIN {7}\r\n')
    a.expect('a5 OK', b'a5 LOGIN "learner" "playground"\r\n')
    a.expect('a6 BAD No mailbox selected', b'a6 FETCH 1 FLAGS\r\n')
    a.expect('a7 NO', b'a7 SELECT Archive\r\n')
    a.until('a8 OK [READ-ONLY]', b'a8 EXAMINE INBOX\r\n')
    a.expect('a9 NO', b'a9 STORE 1 +FLAGS (\\Deleted)\r\n')
    a.until('a10 OK [READ-WRITE]', b'a10 SELECT INBOX\r\n')
    a.expect('a11 BAD', b'a11 FETCH 99 FLAGS\r\n')
    a.expect('a12 BAD', b'a12 FETCH 1 (NONSENSE)\r\n')
    a.expect('a13 BAD', b'a13 FETCH 1:* BODY[HEADER.FIELDS (Subject\r\n')
    a.expect('a14 BAD', b'a14 STORE 1 +FLAGS (\\Recent)\r\n')
    a.expect('a15 BAD', b'a15 SEARCH FROB\r\n')
    a.expect('a16 BAD', b'a16 UID EXPUNGE 1\r\n')
    a.expect('a17 OK', b'a17 STORE 1 +FLAGS.SILENT (\\Deleted)\r\n')  # .SILENT: no FETCH reply

    # A second client works normally, and its expunge reaches the first one.
    b = Peer()
    b.expect('* OK')
    b.expect('b1 OK', b'b1 LOGIN learner playground\r\n')
    b.until('b2 OK', b'b2 SELECT INBOX\r\n')
    b.expect('* 1 FETCH (FLAGS (\\Deleted) UID 1)', b'b3 FETCH 1 (FLAGS UID)\r\n')
    b.expect('b3 OK')
    b.expect('* 1 EXPUNGE', b'b4 EXPUNGE\r\n')
    b.expect('b4 OK')
    b.expect('* BYE', b'b5 LOGOUT\r\n')
    b.expect('b5 OK')
    a.expect('* 1 EXPUNGE', b'a18 NOOP\r\n')
    a.expect('a18 OK')
    a.vanish()


{'smtp': smtp, 'pop3': pop3, 'imap': imap}[protocol]()
print('%s: bad input answered, second client served' % protocol)
