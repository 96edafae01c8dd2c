#!/usr/bin/env python3
"""Writes an evidence logbook of N records with two small files each, computing every hash from the
format the README documents (an implementation independent of hygiene's: `hygiene evidence verify`
must call the result intact). Usage: make-evidence.py STORE N"""
import hashlib, json, os, random, sqlite3, sys, time

store, count = sys.argv[1], int(sys.argv[2])
os.makedirs(store + "/files", mode=0o700, exist_ok=True)
random.seed(7)

def iso(ms):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + ".%03dZ" % (ms % 1000)

def text(name, value):
    if value is None:
        return (name + ":-\n").encode()
    data = value.encode()
    return ("%s:%d:" % (name, len(data))).encode() + data + b"\n"

def canonical(r):
    out = [b"hygiene-evidence/1\n", ("number=%d\n" % r["number"]).encode(), ("previous=%s\n" % r["previous"]).encode(),
           ("entered=%s\n" % iso(r["entered"])).encode(), ("corrects=%s\n" % (r["corrects"] or "-")).encode(),
           ("occurred=%s\n" % iso(r["occurred"])).encode(), text("place", r["place"]), text("duration", r["duration"]),
           ("how#%d\n" % len(r["how"])).encode()]
    out += [text("how", h) for h in r["how"]]
    out.append(("witnesses#%d\n" % len(r["witnesses"])).encode())
    out += [text("witness", w) for w in r["witnesses"]]
    out.append(text("note", r["note"]))
    out.append(("files#%d\n" % len(r["files"])).encode())
    for f in r["files"]:
        out += [text("file.name", f["name"]), ("file.modified=%s\n" % iso(f["modified"])).encode(),
                ("file.size=%d\n" % f["size"]).encode(), ("file.sha256=%s\n" % f["sha256"]).encode()]
    return b"".join(out)

db = sqlite3.connect(store + "/evidence.sqlite")
db.executescript("""
CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
INSERT INTO grdb_migrations VALUES ('v1');
CREATE TABLE record (number INTEGER PRIMARY KEY, enteredAt INTEGER NOT NULL, occurredAt INTEGER NOT NULL, place TEXT, duration TEXT,
    how TEXT NOT NULL, witnesses TEXT NOT NULL, note TEXT, corrects INTEGER, previousHash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE TABLE evidenceFile (record INTEGER NOT NULL, position INTEGER NOT NULL, originalName TEXT NOT NULL, modifiedAt INTEGER,
    size INTEGER NOT NULL, sha256 TEXT NOT NULL, PRIMARY KEY (record, position));
CREATE TABLE stamp (id INTEGER PRIMARY KEY AUTOINCREMENT, recordNumber INTEGER NOT NULL, chainHash TEXT NOT NULL, authority TEXT NOT NULL,
    signedAt INTEGER NOT NULL, token BLOB NOT NULL);
""")
previous = "0" * 64
start = 1_700_000_000_000
ways = ["message", "call", "following", "social-media", "at-the-door", "delivery", "damage"]
for n in range(1, count + 1):
    files = []
    for k in range(2):
        data = (b"\x89PNG\r\n\x1a\n" if k == 0 else b"") + os.urandom(random.randint(500, 3000))
        sha = hashlib.sha256(data).hexdigest()
        with open(store + "/files/" + sha, "wb") as f:
            f.write(data)
        files.append({"name": "%s-%d.%s" % ("screenshot" if k == 0 else "message", n, "png" if k == 0 else "txt"),
                      "modified": start + n * 60_000, "size": len(data), "sha256": sha})
    r = {"number": n, "previous": previous, "entered": start + n * 3_600_000 + 123, "corrects": n - 1 if n % 50 == 0 else None,
         "occurred": start + n * 3_600_000 - 600_000, "place": "Utrecht" if n % 3 else None, "duration": "%d minutes" % (n % 30 + 1),
         "how": [ways[n % len(ways)]], "witnesses": ["Anna"] if n % 4 == 0 else [], "note": "Incident %d: he sent another message." % n,
         "files": files}
    h = hashlib.sha256(canonical(r)).hexdigest()
    db.execute("INSERT INTO record VALUES (?,?,?,?,?,?,?,?,?,?,?)",
               (n, r["entered"], r["occurred"], r["place"], r["duration"], json.dumps(r["how"]), json.dumps(r["witnesses"]), r["note"],
                r["corrects"], previous, h))
    for k, f in enumerate(files):
        db.execute("INSERT INTO evidenceFile VALUES (?,?,?,?,?,?)", (n, k, f["name"], f["modified"], f["size"], f["sha256"]))
    previous = h
db.commit()
db.close()
with open(store + "/HEAD", "w") as f:
    f.write("hygiene-evidence/1 %d %s\n" % (count, previous))
os.chmod(store, 0o700)
os.chmod(store + "/evidence.sqlite", 0o600)
