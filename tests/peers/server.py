#!/usr/bin/env python3
# The tutorial's server.py, in Python 3, serving one client and then exiting.
# It binds port 0 so the system picks a free port, and prints that port first so the
# test knows where to connect. Usage: server.py HOST
import socket
import sys

host = sys.argv[1]

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind((host, 0))
s.listen(5)
print(s.getsockname()[1], flush=True)

c, addr = s.accept()
print('Got connection from', addr, flush=True)
c.send(b'Thank you for connecting')
c.close()
s.close()
