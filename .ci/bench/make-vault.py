#!/usr/bin/env python3
"""Writes a synthetic Bitwarden JSON export for benchmarks: N logins whose passwords mix generated
ones, reuse, year variations, common words with digits, keyboard walks and dates, with revision
dates and password histories. About a third are on real sites (so the two-factor directory has
work to do), a few are routers on the home network. Also writes the passwords, one per line, for the
strength benchmark.
The proportions are parameters; the defaults are the shape of the export issue 20 was found with
(10,000 logins, 6,083 distinct passwords, about one history entry per login, no one-time codes):
  --copies P   share of logins that are a second copy of an earlier account with another password
               (as after importing a browser's passwords); default 0.05
  --reuse P    share of logins that reuse the current password of an earlier login; default 0.38
               (6,034 distinct passwords in 10,000 logins with the other defaults)
  --history M  password-history entries per login, on average (0 to 5 each); default 1.0
  --history-reuse P  share of history entries that are a password used elsewhere in the export; default 0.1
  --otp P      share of logins with a one-time-code secret; default 0
Usage: make-vault.py N export.json passwords.txt [seed] [--copies P] [--reuse P] [--history M] [--history-reuse P] [--otp P]"""
import argparse, json, random, string, sys
from datetime import datetime, timedelta, timezone

parser = argparse.ArgumentParser(description="synthetic Bitwarden JSON export")
parser.add_argument("n", type=int)
parser.add_argument("out")
parser.add_argument("plain")
parser.add_argument("seed", type=int, nargs="?", default=7)
parser.add_argument("--copies", type=float, default=0.05)
parser.add_argument("--reuse", type=float, default=0.38)
parser.add_argument("--history", type=float, default=1.0)
parser.add_argument("--history-reuse", type=float, default=0.1)
parser.add_argument("--otp", type=float, default=0.0)
args = parser.parse_args()
n, out, plain = args.n, args.out, args.plain
rng = random.Random(args.seed)
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
    if r < args.reuse and pool: password = rng.choice(pool)
    elif rng.random() < 0.6: password = generated()
    else: password = human()
    pool.append(password)
    passwords.append(password)
    created = start + timedelta(days=rng.randint(0, 2500))
    revised = created + timedelta(days=rng.randint(0, 600))
    # Earlier passwords, newest first: as many as --history on average, used elsewhere as often as --history-reuse.
    entries = int(args.history) + (rng.random() < args.history - int(args.history))
    history = []
    for k in range(min(entries, 5)):
        old = rng.choice(pool) if rng.random() < args.history_reuse else (human() if rng.random() < 0.5 else generated())
        history.append({"lastUsedDate": (revised - timedelta(days=90 * k)).isoformat().replace("+00:00", "Z"), "password": old})
    history = history or None
    name, uri, username = f"Site {i}", f"https://www.site{i}.example.com/login", f"user{i}@example.nl"
    place = rng.random()
    if place < 0.33:
        host = rng.choice(real)
        name, uri = host, f"https://{host}/login"
    elif place < 0.35:
        name, uri = "Router", f"http://192.168.{rng.randint(0, 255)}.1"
    if i > 0 and rng.random() < args.copies:
        # A second copy of an earlier account, with another password.
        copy = items[rng.randrange(len(items))]
        name, uri, username = copy["name"], copy["login"]["uris"][0]["uri"], copy["login"]["username"]
    totp = "otpauth://totp/x?secret=" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16)) if rng.random() < args.otp else None
    items.append({"id": f"id{i}", "organizationId": None, "folderId": None, "type": 1, "reprompt": 0,
                  "name": name, "notes": None, "favorite": False,
                  "login": {"uris": [{"match": None, "uri": uri}],
                            "username": username, "password": password, "totp": totp,
                            "passwordRevisionDate": revised.isoformat().replace("+00:00", "Z") if history else None},
                  "collectionIds": None, "revisionDate": revised.isoformat().replace("+00:00", "Z"),
                  "creationDate": created.isoformat().replace("+00:00", "Z"), "passwordHistory": history})
json.dump({"encrypted": False, "folders": [], "items": items}, open(out, "w"))
open(plain, "w").write("\n".join(passwords) + "\n")
