#!/usr/bin/env python3
# The tutorial's client.py, in Python 3: connect, read what the server sends, print it, close.
# Usage: client.py HOST PORT
import socket
import sys

host, port = sys.argv[1], int(sys.argv[2])

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((host, port))
print(s.recv(1024).decode())
s.close()
