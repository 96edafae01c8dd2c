#!/usr/bin/env python3
"""Makes a large phone for .ci/bench/phone: a copy of a scenario of the tests with N more apps from the
Play store, each in every probe that lists apps (pm list packages, dumpsys package with its permissions,
launcher activities, app ops, the APK hashes), so the capture is as big as a well-used phone's.
Usage: make-phone.py SCENARIO_DIR OUT_DIR N"""
import hashlib, os, shutil, sys

source, out, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
shutil.rmtree(out, ignore_errors=True)
shutil.copytree(source, out)

def append(name, text):
    with open(os.path.join(out, name), "a", newline="") as f:
        f.write(text)

permissions = ["android.permission.%s" % p for p in (
    "INTERNET ACCESS_NETWORK_STATE WAKE_LOCK RECEIVE_BOOT_COMPLETED VIBRATE FOREGROUND_SERVICE POST_NOTIFICATIONS "
    "ACCESS_WIFI_STATE CAMERA RECORD_AUDIO READ_CONTACTS ACCESS_FINE_LOCATION ACCESS_COARSE_LOCATION "
    "READ_MEDIA_IMAGES READ_MEDIA_VIDEO BLUETOOTH_CONNECT USE_BIOMETRIC NFC READ_PHONE_STATE GET_ACCOUNTS").split()]
packages, third, dump, launcher, ops, apks = [], [], [], [], [], []
for i in range(count):
    name = "com.bench.app%03d" % i
    path = "/data/app/~~bench%03d==/%s-bench%03d==" % (i, name, i)
    uid = 12000 + i
    packages.append("package:%s/base.apk=%s  installer=com.android.vending uid:%d\n" % (path, name, uid))
    third.append("package:%s\n" % name)
    requested = "".join("      %s\n" % p for p in permissions)
    install = "".join("      %s: granted=true\n" % p for p in permissions[:8])
    runtime = "".join("          %s: granted=%s, flags=[ USER_SET|USER_SENSITIVE_WHEN_GRANTED ]\n" % (p, "true" if j % 2 else "false")
                      for j, p in enumerate(permissions[8:]))
    dump.append(f"""  Package [{name}] (ab{i:05x}):
    appId={uid}
    pkg=Package{{cd{i:05x} {name}}}
    codePath={path}
    resourcePath={path}
    primaryCpuAbi=arm64-v8a
    versionCode={1000 + i} minSdk=26 targetSdk=34
    versionName=1.{i}.0
    flags=[ HAS_CODE ALLOW_CLEAR_USER_DATA ALLOW_BACKUP ]
    dataDir=/data/user/0/{name}
    timeStamp=2025-03-01 10:{i % 60:02d}:00
    lastUpdateTime=2026-11-01 10:{i % 60:02d}:00
    installerPackageName=com.android.vending
    initiatingPackageName=com.android.vending
    signatures=PackageSignatures{{ef{i:05x} version:3, signatures:[{i:08x}], past signatures:[]}}
    requested permissions:
{requested}    install permissions:
{install}    User 0: ceDataInode={400000 + i} installed=true hidden=false suspended=false stopped=false notLaunched=false enabled=0
      firstInstallTime=2025-03-01 10:{i % 60:02d}:00
      runtime permissions:
{runtime}""")
    launcher.append("  priority=0 preferredOrder=0 match=0x108000 specificIndex=-1 isDefault=false\n      %s/.MainActivity\n" % name)
    ops.append(f"  Uid u0a{uid - 10000}:\n    state=cch\n    Package {name}:\n      WAKE_LOCK (allow):\n          Access: [bg-s] 2026-12-01 0{i % 10}:12:00.000 (-1h)\n"
               f"      COARSE_LOCATION (allow):\n          Access: [fg-s] 2026-12-01 0{i % 10}:10:00.000 (-1h)\n")
    apks.append("%s/base.apk %s\n" % (path, hashlib.sha256(name.encode()).hexdigest()))

append("packages.txt", "".join(packages))
append("packages-third-party.txt", "".join(third))
# The app blocks go where dumpsys puts them: inside its "Packages:" section, before what follows it.
with open(os.path.join(out, "package-dump.txt"), newline="") as f:
    text = f.read()
marker = "\nPackages:\n"
at = text.find(marker)
if at < 0:
    sys.exit("make-phone.py: no 'Packages:' section in package-dump.txt")
at += len(marker)
with open(os.path.join(out, "package-dump.txt"), "w", newline="") as f:
    f.write(text[:at] + "".join(dump) + text[at:])
append("launcher-activities.txt", "".join(launcher))
append("appops.txt", "".join(ops))
append("apks.txt", "".join(apks))
size = os.path.getsize(os.path.join(out, "package-dump.txt"))
print("%d more apps; dumpsys package %.1f MB" % (count, size / 1e6))
