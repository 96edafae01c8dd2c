#!/usr/bin/env python3
"""Writes a synthetic Bitwarden JSON export for benchmarks: N logins whose passwords mix generated
ones, reuse, year variations, common words with digits, keyboard walks and dates, with revision
dates and password histories. Also writes the passwords, one per line, for the strength benchmark.
Usage: make-vault.py N export.json passwords.txt [seed]"""
import json, random, string, sys
from datetime import datetime, timedelta, timezone

n, out, plain = int(sys.argv[1]), sys.argv[2], sys.argv[3]
rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 7)
words = ["zomer", "winter", "liefde", "voetbal", "welkom", "amsterdam", "sunshine", "dragon", "monkey", "princess",
         "sanne", "daan", "bobbie", "fiets", "schat", "geheim", "football", "master", "shadow", "hond"]
def generated():
    alphabet = string.ascii_letters + string.digits + "!@#$%^&*-_"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(14, 24)))
def human():
    kind = rng.random()
    word = rng.choice(words)
    if kind < 0.3: return word.capitalize() + str(rng.randint(1970, 2026)) + rng.choice(["", "!", "?", "#"])
    if kind < 0.5: return word + str(rng.randint(0, 9999))
    if kind < 0.6: return rng.choice(["qwerty", "azerty", "1qaz2wsx", "asdfgh", "zxcvbn"]) + str(rng.randint(0, 99))
    if kind < 0.7: return "%02d%02d%d" % (rng.randint(1, 28), rng.randint(1, 12), rng.randint(1960, 2010))
    if kind < 0.8: return rng.choice(words) + "-" + rng.choice(words) + "-" + rng.choice(words)
    return word[::-1] + str(rng.randint(10, 99))
start = datetime(2018, 1, 1, tzinfo=timezone.utc)
items, passwords, pool = [], [], []
for i in range(n):
    r = rng.random()
    if r < 0.55 or not pool: password = generated()
    elif r < 0.65: password = rng.choice(pool)
    else: password = human()
    pool.append(password)
    passwords.append(password)
    created = start + timedelta(days=rng.randint(0, 2500))
    revised = created + timedelta(days=rng.randint(0, 600))
    history = [{"lastUsedDate": revised.isoformat().replace("+00:00", "Z"), "password": human()}] if rng.random() < 0.2 else None
    items.append({"id": f"id{i}", "organizationId": None, "folderId": None, "type": 1, "reprompt": 0,
                  "name": f"Site {i}", "notes": None, "favorite": False,
                  "login": {"uris": [{"match": None, "uri": f"https://www.site{i}.example.com/login"}],
                            "username": f"user{i}@example.nl", "password": password, "totp": None,
                            "passwordRevisionDate": revised.isoformat().replace("+00:00", "Z") if history else None},
                  "collectionIds": None, "revisionDate": revised.isoformat().replace("+00:00", "Z"),
                  "creationDate": created.isoformat().replace("+00:00", "Z"), "passwordHistory": history})
json.dump({"encrypted": False, "folders": [], "items": items}, open(out, "w"))
open(plain, "w").write("\n".join(passwords) + "\n")
