#!/usr/bin/env python3
"""Writes the iPhone test scenarios (Tests/PhoneTests/IOSScenarios/<name>/) that fake-idevice.sh answers from.

Every value is made up. The shapes follow libimobiledevice 1.3.0's XML output (ideviceinfo -x, ideviceinstaller
-l -o xml, idevicepair's messages) as described in the project's iPhone research; the app dictionaries follow
the install proxy's keys. Provisioning profiles are CMS-signed with a throwaway key, as real ones are signed by
Apple. Run it again after changing it: python3 make-scenarios.py
"""
import datetime, os, plistlib, shutil, subprocess, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
UDID = "00008101-000A1B2C3D4E001E"
APPLE = "Apple iPhone OS Application Signing"
NOW = datetime.datetime(2026, 12, 1, 20, 15, 0)


def xml(value):
    return plistlib.dumps(value, fmt=plistlib.FMT_XML, sort_keys=True).decode()


def app(bundle, name, kind="User", signer=APPLE, dsid=11111111111, validated=None, modes=(), usage=(), extra=None):
    entry = {"CFBundleIdentifier": bundle, "CFBundleDisplayName": name, "CFBundleShortVersionString": "1.0",
             "CFBundleVersion": "1", "ApplicationType": kind,
             "Path": "/private/var/containers/Bundle/Application/0000/%s.app" % name.replace(" ", "")}
    if kind == "User" and signer:
        entry["SignerIdentity"] = signer
    if kind == "User" and signer == APPLE and dsid:
        entry["ApplicationDSID"] = dsid
    if validated is not None:
        entry["ProfileValidated"] = validated
    if modes:
        entry["UIBackgroundModes"] = list(modes)
    for key in usage:
        entry["NS%sUsageDescription" % key] = "Needed for %s." % key.lower()
    entry.update(extra or {})
    return entry


SYSTEM = [app("com.apple.Preferences", "Settings", "System"), app("com.apple.mobilesafari", "Safari", "System"),
          app("com.apple.MobileSMS", "Messages", "System"), app("com.apple.camera", "Camera", "System")]
STORE = [app("net.whatsapp.WhatsApp", "WhatsApp", usage=["Camera", "Microphone", "Contacts"]),
         app("org.whispersystems.signal", "Signal", usage=["Camera", "Microphone"]),
         app("com.spotify.client", "Spotify", modes=["audio"])]

BASE_INFO = {"ActivationState": "Activated", "BuildVersion": "23D8133", "DeviceClass": "iPhone", "DeviceName": "iPhone",
             "HostAttached": True, "PasswordProtected": True, "ProductName": "iPhone OS", "ProductType": "iPhone14,5",
             "ProductVersion": "26.3.1", "TimeZone": "Europe/Amsterdam", "TrustedHostAttached": True, "UniqueDeviceID": UDID}


def profile(name, team, team_id, app_id, all_devices=False, devices=None, get_task_allow=False, days=365):
    body = {"AppIDName": name, "ApplicationIdentifierPrefix": [team_id], "CreationDate": NOW - datetime.timedelta(days=20),
            "ExpirationDate": NOW - datetime.timedelta(days=20) + datetime.timedelta(days=days),
            "Entitlements": {"application-identifier": "%s.%s" % (team_id, app_id), "get-task-allow": get_task_allow},
            "Name": name, "TeamIdentifier": [team_id], "TeamName": team, "UUID": "6f1c2a7e-0b9d-4e3a-9c55-%012d" % len(name),
            "Version": 1}
    if all_devices:
        body["ProvisionsAllDevices"] = True
    if devices:
        body["ProvisionedDevices"] = devices
    return body


def sign(body, path, scratch):
    source = os.path.join(scratch, "body.plist")
    with open(source, "wb") as handle:
        handle.write(plistlib.dumps(body, fmt=plistlib.FMT_XML))
    subprocess.run(["openssl", "cms", "-sign", "-nodetach", "-binary", "-outform", "DER", "-in", source,
                    "-signer", os.path.join(scratch, "cert.pem"), "-inkey", os.path.join(scratch, "key.pem"), "-out", path],
                   check=True, capture_output=True)


def write(name, files, profiles=(), scratch=None, readme=""):
    folder = os.path.join(HERE, name)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    for file, text in files.items():
        with open(os.path.join(folder, file), "w") as handle:
            handle.write(text)
    if profiles:
        os.makedirs(os.path.join(folder, "provision"))
        for uuid, body in profiles:
            sign(body, os.path.join(folder, "provision", uuid + ".mobileprovision"), scratch)
    with open(os.path.join(folder, "README.md"), "w") as handle:
        handle.write("# %s\n\n%s\n\nMade by ../make-scenarios.py; every value is invented.\n" % (name, readme))


def phone(info=None, backup=None, itunes=None, wireless=None, chaperone=None, amfi=None, apps=None, extra=None):
    files = {
        "devices.txt": UDID + "\n",
        "identity.txt": xml({"DeviceClass": "iPhone", "ProductVersion": (info or BASE_INFO)["ProductVersion"], "UniqueDeviceID": UDID}),
        "pairlist.txt": "",
        "pair.txt": "SUCCESS: Paired with device %s\n" % UDID,
        "validate.txt": "SUCCESS: Validated pairing with device %s\n" % UDID,
        "info.txt": xml(info or BASE_INFO),
        "info-backup.txt": xml(backup if backup is not None else {"CloudBackupEnabled": False, "WillEncrypt": False}),
        "info-itunes-backup.txt": xml(itunes) if itunes else "",
        "info-itunes-backup.stderr": 'WARNING: Sending query with unknown domain "com.apple.iTunes.backup".\n',
        "info-wireless.txt": xml(wireless if wireless is not None else {"EnableWifiConnections": False, "SupportsWifiSyncing": True}),
        "info-chaperone.txt": xml(chaperone) if chaperone else "",
        "info-fmip.txt": xml({"IsAssociated": True}),
        "info-fmip.stderr": 'WARNING: Sending query with unknown domain "com.apple.fmip".\n',
        "info-amfi.txt": xml(amfi) if amfi else "",
        "info-amfi.stderr": 'WARNING: Sending query with unknown domain "com.apple.security.mac.amfi".\n',
        "info-disk.txt": xml({"TotalDataAvailable": 41234567168, "TotalDataCapacity": 115964116992}),
        "apps.txt": xml(SYSTEM + (apps if apps is not None else STORE)),
    }
    files.update(extra or {})
    if files.get("variant") == "debian13\n":
        files["apps-new.txt"] = files.pop("apps.txt")
    return files


def main():
    scratch = tempfile.mkdtemp()
    try:
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650", "-subj",
                        "/CN=hygiene test signer", "-keyout", os.path.join(scratch, "key.pem"),
                        "-out", os.path.join(scratch, "cert.pem")], check=True, capture_output=True)
        write("clean-iphone", phone(), readme="A personal iPhone with three App Store apps: every check passes.")
        write("supervised-mdm", phone(
            chaperone={"DeviceIsChaperoned": True},
            backup={"CloudBackupEnabled": True, "RequiresEncryption": True, "WillEncrypt": True},
            apps=STORE + [app("nl.voorbeeld.beheer.agent", "Beheer Agent", signer="iPhone Distribution: Voorbeeld Beheer B.V.",
                              validated=True, modes=["location"], usage=["LocationAlways", "LocationAlwaysAndWhenInUse"])]),
            readme="Supervised, with a management policy that forces encrypted backups and an in-house app: MDM plus an unknown signer.")
        write("enterprise-sideload", phone(
            apps=STORE + [app("com.example.systemservice", "Systeem Service", signer="iPhone Distribution: Voorbeeld Logistiek B.V.",
                              validated=True, modes=["location", "audio"], usage=["LocationAlways", "Microphone"])]),
            profiles=[("6f1c2a7e-0b9d-4e3a-9c55-2f7d1e8a4b10", profile("Systeem Service In House", "Voorbeeld Logistiek B.V.",
                                                                      "AB12CD34EF", "com.example.systemservice", all_devices=True))],
            scratch=scratch, readme="An in-house (enterprise) profile and the sideloaded app it lets run, with location always.")
        write("altstore-dev", phone(
            amfi={"DeveloperModeStatus": True},
            apps=STORE + [app("com.3WRHBBSBW4.com.rileytestut.AltStore", "AltStore", signer="Apple Development: Sam Voorbeeld (3WRHBBSBW4)",
                              validated=True)]),
            profiles=[("0c2d3e4f-1a2b-4c3d-8e9f-0a1b2c3d4e5f", profile("AltStore dev", "Sam Voorbeeld", "3WRHBBSBW4",
                                                                      "com.3WRHBBSBW4.com.rileytestut.AltStore", devices=[UDID],
                                                                      get_task_allow=True, days=7))],
            scratch=scratch, readme="A free developer profile (7 days) for this UDID, Developer Mode on, and a team-prefixed AltStore.")
        write("jailbroken-palera1n", phone(
            apps=STORE + [app("com.palera1n.loader", "palera1n", "System"), app("org.coolstar.sileo", "Sileo", "System")]),
            readme="Jailbroken: the loader and Sileo registered as System apps.")
        write("wifi-sync-abuser", phone(
            backup={"CloudBackupEnabled": False, "WillEncrypt": True, "LastiTunesBackupDate": 817244100, "LastiTunesBackupTZ": "Europe/Amsterdam"},
            itunes={"LastBackupComputerName": "DESKTOP-7QX2M1B", "LastBackupComputerType": "Windows"},
            wireless={"EnableWifiConnections": True, "SupportsWifiSyncing": True}),
            readme="Wi-Fi sync on, last backed up to an unknown Windows computer, with a backup password.")
        write("watchware", phone(
            apps=STORE + [app("com.life360.safetymap", "Life360", modes=["location"], usage=["LocationAlways"]),
                          app("5ZPN38G6GE.com.isharing.iSharing-Lite", "iSharing", dsid=22222222222),
                          app("com.screentime", "Screen Time Parental Control")]),
            readme="Family trackers (Life360, iSharing with a team prefix, bought with a second account) and one app ISDi lists as stalkerware.")
        write("eu-marketplace", phone(
            apps=STORE + [app("com.rileytestut.AltStore.PAL", "AltStore PAL"), app("com.example.marketplace.game", "Marketplace Game")]),
            readme="Apps from an approved EU marketplace: signed by Apple, so not listed as sideloaded.")
        write("debian13", phone(extra={"variant": "debian13\n"}),
              readme="Debian 13's ideviceinstaller 1.2, which knows only 'list --all --xml'.")
        write("outdated-ios", phone(info=dict(BASE_INFO, ProductVersion="17.5.1", BuildVersion="21F90"), backup={"WillEncrypt": False}),
              readme="iOS 17.5.1, a major version that no longer gets updates.")
        write("no-passcode", phone(info=dict(BASE_INFO, PasswordProtected=False, ProductVersion="26.1")),
              readme="No passcode, and iOS 26.1: older than the newest iOS 26 release the table knows.")
    finally:
        shutil.rmtree(scratch)


if __name__ == "__main__":
    main()
