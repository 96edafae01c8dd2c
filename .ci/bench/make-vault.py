#!/usr/bin/env python3
"""Writes a synthetic Bitwarden JSON export for benchmarks: N logins whose passwords mix generated
ones, reuse, year variations, common words with digits, keyboard walks and dates, with revision
dates and password histories. About a third are on real sites (so the two-factor directory has
work to do), one in twenty is a second copy of an earlier account with another password (as after
importing a browser's passwords), one in ten has a one-time-code secret, a few are routers on the
home network. Also writes the passwords, one per line, for the strength benchmark.
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
real = ["accounts.google.com", "mail.google.com", "www.facebook.com", "www.instagram.com", "digid.nl", "www.vodafone.nl",
        "www.amazon.nl", "www.amazon.de", "www.bol.com", "bankieren.rabobank.nl", "www.paypal.com", "login.live.com",
        "outlook.live.com", "appleid.apple.com", "www.icloud.com", "github.com", "www.linkedin.com", "x.com", "www.tiktok.com",
        "www.dropbox.com", "www.marktplaats.nl", "www.postnl.nl", "www.degiro.nl", "www.bitvavo.com", "discord.com",
        "www.netflix.com", "www.spotify.com", "www.ebay.nl", "www.booking.com", "account.proton.me", "vault.bitwarden.com",
        "my.1password.eu", "www.yahoo.com", "www.gmx.net", "www.web.de", "www.snapchat.com", "www.tesla.com", "ring.com",
        "www.samsung.com", "store.playstation.com", "www.n26.com", "www.revolut.com", "www.kpn.com", "mijn.ing.nl"]
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
    name, uri, username = f"Site {i}", f"https://www.site{i}.example.com/login", f"user{i}@example.nl"
    place = rng.random()
    if place < 0.33:
        host = rng.choice(real)
        name, uri = host, f"https://{host}/login"
    elif place < 0.35:
        name, uri = "Router", f"http://192.168.{rng.randint(0, 255)}.1"
    if i > 0 and rng.random() < 0.05:
        # A second copy of an earlier account, with another password.
        copy = items[rng.randrange(len(items))]
        name, uri, username = copy["name"], copy["login"]["uris"][0]["uri"], copy["login"]["username"]
    totp = "otpauth://totp/x?secret=" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16)) if rng.random() < 0.1 else None
    items.append({"id": f"id{i}", "organizationId": None, "folderId": None, "type": 1, "reprompt": 0,
                  "name": name, "notes": None, "favorite": False,
                  "login": {"uris": [{"match": None, "uri": uri}],
                            "username": username, "password": password, "totp": totp,
                            "passwordRevisionDate": revised.isoformat().replace("+00:00", "Z") if history else None},
                  "collectionIds": None, "revisionDate": revised.isoformat().replace("+00:00", "Z"),
                  "creationDate": created.isoformat().replace("+00:00", "Z"), "passwordHistory": history})
json.dump({"encrypted": False, "folders": [], "items": items}, open(out, "w"))
open(plain, "w").write("\n".join(passwords) + "\n")
