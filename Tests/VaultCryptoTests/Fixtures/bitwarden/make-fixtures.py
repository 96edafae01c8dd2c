#!/usr/bin/env python3
"""Makes the password-protected Bitwarden exports the tests open, from plain.json, as Bitwarden's clients
write them (learned from their documentation and SDK, not copied): a key from the file password by
PBKDF2-SHA-256 over the salt text's bytes, or Argon2id over SHA-256 of them (memory in MiB); HKDF-Expand to
an AES-256-CBC key ('enc') and an HMAC-SHA-256 key ('mac'); EncStrings '2.iv|ciphertext|mac' in base64.
KDF costs are tiny so the tests stay fast. Usage: python3 make-fixtures.py (needs cryptography, argon2-cffi);
.ci/bench/encrypted imports encrypt_export to make large exports with Bitwarden's default costs."""
import base64, hashlib, hmac, json, os
from argon2.low_level import hash_secret_raw, Type
from cryptography.hazmat.primitives import hashes, padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDFExpand

here = os.path.dirname(os.path.abspath(__file__))

def stretch(key):
    enc = HKDFExpand(hashes.SHA256(), 32, b"enc").derive(key)
    mac = HKDFExpand(hashes.SHA256(), 32, b"mac").derive(key)
    return enc, mac

def enc_string(data, enc, mac):
    iv = os.urandom(16)
    padder = padding.PKCS7(128).padder()
    padded = padder.update(data) + padder.finalize()
    encryptor = Cipher(algorithms.AES(enc), modes.CBC(iv)).encryptor()
    ct = encryptor.update(padded) + encryptor.finalize()
    tag = hmac.new(mac, iv + ct, hashlib.sha256).digest()
    return "2." + "|".join(base64.b64encode(x).decode() for x in (iv, ct, tag))

def encrypt_export(plain, password, kdf):
    """The password-protected export of the plain export's bytes, as a dict to write as JSON."""
    salt = base64.b64encode(os.urandom(16)).decode()
    if kdf["kdfType"] == 0:
        key = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), kdf["kdfIterations"], 32)
    else:
        key = hash_secret_raw(password.encode(), hashlib.sha256(salt.encode()).digest(), kdf["kdfIterations"],
                              kdf["kdfMemory"] * 1024, kdf["kdfParallelism"], 32, Type.ID)
    enc, mac = stretch(key)
    return {"encrypted": True, "passwordProtected": True, "salt": salt, **kdf,
            "encKeyValidation_DO_NOT_EDIT": enc_string(os.urandom(16).hex().encode(), enc, mac),
            "data": enc_string(plain, enc, mac)}

def write(path, plain, password, kdf):
    with open(path, "w") as out:
        json.dump(encrypt_export(plain, password, kdf), out, indent=2)
        out.write("\n")

if __name__ == "__main__":
    plain = open(os.path.join(here, "plain.json"), "rb").read()
    write(os.path.join(here, "pbkdf2.json"), plain, "Fixture-File-Pass-1", {"kdfType": 0, "kdfIterations": 5000, "kdfMemory": None, "kdfParallelism": None})
    write(os.path.join(here, "argon2id.json"), plain, "Fixture-File-Pass-2", {"kdfType": 1, "kdfIterations": 2, "kdfMemory": 1, "kdfParallelism": 2})
