#!/usr/bin/env python3
"""Writes a sorted Pwned Passwords style list (SHA1:COUNT, CRLF like the official downloader) with
LINES spread hashes plus the SHA-1 of every password in PASSWORDS (one per line, the first
PLANTED of them) and of 'password'. Sorted by construction: hashes are drawn in increasing order.
Usage: make-breach-list.py LINES PASSWORDS PLANTED out.txt"""
import hashlib, random, sys
lines, passwords_file, planted, out = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
rng = random.Random(11)
special = {hashlib.sha1(p.encode()).hexdigest().upper() for p in open(passwords_file).read().split("\n")[:planted] if p}
special.add(hashlib.sha1(b"password").hexdigest().upper())
special = sorted(special)
step = (1 << 160) // lines
with open(out, "w", newline="") as f:
    s = 0
    buffer = []
    for i in range(lines):
        value = i * step + rng.randrange(step)
        h = "%040X" % value
        while s < len(special) and special[s] < h:
            buffer.append("%s:%d\r\n" % (special[s], rng.randint(1, 100000))); s += 1
        buffer.append("%s:%d\r\n" % (h, rng.randint(1, 5000)))
        if len(buffer) > 100000:
            f.write("".join(buffer)); buffer = []
    buffer += ["%s:%d\r\n" % (x, 7) for x in special[s:]]
    f.write("".join(buffer))
