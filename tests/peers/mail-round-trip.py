#!/usr/bin/env python3
# The tutorial's mail modules against the playground's demo servers: smtplib sends,
# poplib and imaplib read the same messages back, byte for byte after the trace fields
# (Return-Path, Received) that the delivering server puts in front.
# Usage: mail-round-trip.py SMTP_PORT POP3_PORT IMAP_PORT
# Prints one line per step; exits with 1 and the reason at the first surprise.
import imaplib
import poplib
import smtplib
import sys
from email.message import EmailMessage

smtp_port, pop3_port, imap_port = (int(arg) for arg in sys.argv[1:4])
HOST = '127.0.0.1'

# A single dot on a line and lines starting with dots: smtplib doubles the dot,
# the server takes it off; POP3 doubles it again and poplib takes it off.
PLAIN = (b'From: Ada <ada@example.org>\r\n'
         b'To: learner@localhost\r\n'
         b'Subject: Plain\r\n'
         b'Message-ID: <plain@example.org>\r\n'
         b'\r\n'
         b'Hello from smtplib.\r\n'
         b'.A line starting with a dot\r\n'
         b'..Two dots\r\n'
         b'.\r\n'
         b'End.\r\n')

EIGHT_BIT = ('From: Ada <ada@example.org>\r\n'
             'To: learner@localhost, other@example.net\r\n'
             'Subject: 8-bit\r\n'
             'Content-Type: text/plain; charset=utf-8\r\n'
             'Content-Transfer-Encoding: 8bit\r\n'
             '\r\n'
             'Café, naïve, ✓ — bytes above 127 pass unchanged.\r\n').encode()

NUL_BYTES = b'Subject: junk\r\n\r\n\x00\x01\x02 binary\r\n'


def check(condition, what):
    if not condition:
        print('FAIL:', what)
        sys.exit(1)


def without_trace(message):
    """The message as sent: what follows the Return-Path and Received fields."""
    check(message.startswith(b'Return-Path: <ada@example.org>\r\nReceived: from '),
          'trace fields first: %r' % message[:80])
    end = message.index(b'\r\nFrom: ') + 2
    return message[end:]


# smtplib: three mails delivered, one refused for its NUL bytes.
with smtplib.SMTP(HOST, smtp_port) as smtp:
    code, features = smtp.ehlo('client.example')
    check(code == 250 and smtp.has_extn('8bitmime') and smtp.has_extn('size'), 'EHLO features')
    check(smtp.sendmail('ada@example.org', ['learner@localhost'], PLAIN) == {}, 'plain mail')
    check(smtp.sendmail('ada@example.org', ['learner@localhost', 'other@example.net'], EIGHT_BIT,
                        mail_options=['BODY=8BITMIME']) == {}, '8-bit mail')
    attached = EmailMessage()
    attached['From'] = 'Ada <ada@example.org>'
    attached['To'] = 'learner@localhost'
    attached['Subject'] = 'With an attachment'
    attached.set_content('See the attachment.\n')
    attached.add_attachment(b'\x00\x01 binary', maintype='application', subtype='octet-stream',
                            filename='data.bin')
    check(smtp.send_message(attached) == {}, 'multipart mail')
    try:
        smtp.sendmail('ada@example.org', ['learner@localhost'], NUL_BYTES)
        check(False, 'a mail with NUL bytes was accepted')
    except smtplib.SMTPDataError as error:
        check(error.smtp_code == 554, 'NUL bytes refused with 554, got %r' % (error.args,))
    print('smtplib: 3 mails sent, the one with NUL bytes refused (554)')

# poplib: the welcome message and the three mails.
pop = poplib.POP3(HOST, pop3_port)
check(pop.getwelcome().startswith(b'+OK'), 'POP3 greeting')
check(b'TOP' in pop.capa() or 'TOP' in pop.capa(), 'CAPA lists TOP')
pop.user('learner')
pop.pass_('playground')
count, size = pop.stat()
check(count == 4, 'STAT counts 4 messages, got %d' % count)
listing = pop.list()[1]
check(len(listing) == 4 and sum(int(line.split()[1]) for line in listing) == size, 'LIST sizes add up')
uids = [line.split()[1] for line in pop.uidl()[1]]
check(len(set(uids)) == 4, 'UIDL strings are unique')
check(pop.uidl(2).split()[2] == uids[1], 'UIDL 2 agrees with the listing')

pop_messages = {}
for number in (2, 3):
    response, lines, octets = pop.retr(number)
    pop_messages[number] = b'\r\n'.join(lines) + b'\r\n'
    check(int(response.split()[1]) == len(pop_messages[number]), 'RETR %d announces its size' % number)
check(without_trace(pop_messages[2]) == PLAIN, 'POP3 returns the plain mail unchanged')
check(without_trace(pop_messages[3]) == EIGHT_BIT, 'POP3 returns the 8-bit mail unchanged')
response, lines, octets = pop.top(2, 1)
check(lines[-1] == b'Hello from smtplib.' and b'Subject: Plain' in lines, 'TOP 2 1: header and one line')
pop.quit()
print('poplib: STAT, LIST, UIDL, RETR and TOP read the mails back')

# imaplib: the same bytes, then flags and expunge.
imap = imaplib.IMAP4(HOST, imap_port)
check('IMAP4REV1' in imap.capabilities, 'CAPABILITY says IMAP4rev1')
imap.login('learner', 'playground')
typ, data = imap.list()
check(typ == 'OK' and b'INBOX' in data[0], 'LIST shows INBOX')
typ, data = imap.select('INBOX')
check(typ == 'OK' and data == [b'4'], 'SELECT INBOX: 4 messages, got %r' % data)
typ, data = imap.search(None, 'ALL')
check(data == [b'1 2 3 4'], 'SEARCH ALL')
typ, data = imap.fetch('2', '(RFC822)')
check(typ == 'OK' and data[0][1] == pop_messages[2], 'FETCH RFC822 gives the bytes POP3 gave')
typ, data = imap.fetch('3', '(BODY.PEEK[])')
check(data[0][1] == pop_messages[3], 'FETCH BODY.PEEK[] gives the bytes POP3 gave')
typ, data = imap.fetch('4', '(BODY.PEEK[] FLAGS)')
check(b'\\Seen' not in data[0][0] + data[1], 'BODY.PEEK[] leaves the message unseen')
# POP3's RETR marked 2 and 3 as seen too: the flags are the mailbox's.
typ, data = imap.search(None, 'UNSEEN')
check(data == [b'1 4'], 'SEARCH UNSEEN: %r' % data)
typ, data = imap.fetch('4', '(BODYSTRUCTURE ENVELOPE)')
check(b'"mixed"' in data[0] and b'("attachment" ("filename" "data.bin"))' in data[0],
      'BODYSTRUCTURE of the multipart: %r' % data[0])
check(b'(("Ada" NIL "ada" "example.org"))' in data[0], 'ENVELOPE names the sender')
typ, data = imap.fetch('4', '(BODY.PEEK[2])')
check(data[0][1] == b'AAEgYmluYXJ5\r\n', 'BODY.PEEK[2] is the attachment: %r' % data[0][1])
typ, data = imap.uid('SEARCH', 'SUBJECT', '"8-bit"')
check(data == [b'3'], 'UID SEARCH SUBJECT')
typ, data = imap.store('3', '+FLAGS', '(\\Deleted)')
check(typ == 'OK' and b'\\Deleted' in data[0], 'STORE +FLAGS \\Deleted')
typ, data = imap.expunge()
check(typ == 'OK' and data == [b'3'], 'EXPUNGE removes message 3: %r' % data)
typ, data = imap.search(None, 'ALL')
check(data == [b'1 2 3'], 'three messages left')
imap.logout()
print('imaplib: SELECT, SEARCH, FETCH RFC822 and BODY.PEEK[], STORE and EXPUNGE')

# poplib again: DELE takes effect at QUIT.
pop = poplib.POP3(HOST, pop3_port)
pop.user('learner')
pop.pass_('playground')
check(pop.stat()[0] == 3, 'POP3 sees the expunge')
pop.dele(1)
check(pop.stat()[0] == 2, 'DELE hides the message')
pop.quit()
print('poplib: DELE and QUIT removed the welcome message')
print('round trip complete')
