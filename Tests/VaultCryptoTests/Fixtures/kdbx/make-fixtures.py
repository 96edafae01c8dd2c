#!/usr/bin/env python3
"""Makes the KeePass fixtures of VaultCryptoTests from source.xml, with real KeePass writers.

  python3 make-fixtures.py      (needs keepassxc-cli 2.7 and `pip install pykeepass` 4.x)

- kxc-kdbx31.kdbx: `keepassxc-cli import` of source.xml (KeePassXC writes KDBX 3.1, AES-256,
  AES-KDF with its benchmarked rounds, gzip); kxc-export.xml is `keepassxc-cli export --format xml`
  of it, the plaintext twin the tests compare against.
- kdbx31-*.kdbx: that file re-saved by pykeepass with 6,000 AES-KDF rounds and another cipher,
  compression or key.
- kdbx4-*.kdbx: pykeepass's blank KDBX 4 holding kxc-export.xml's tree (times as KDBX 4's base64
  seconds), with the KDF (Argon2d/Argon2id at 1 MiB and 2 iterations, AES-KDF at 6,000 rounds),
  cipher, compression and key of each name.
- kxc-kdbx4-attachment.kdbx: kdbx4-argon2id-chacha20.kdbx saved again by KeePassXC (its KDBX 4
  writer) after `keepassxc-cli attachment-import` on the recycle bin's entry.
- key files: keyfile-v2.keyx is made by `keepassxc-cli db-create --set-key-file` (XML 2.0 with Hash);
  keyfile-v1.key (XML 1.0, base64), keyfile-raw32.key, keyfile-hex64.key and keyfile-other.bin
  (any other file: its SHA-256 is the key) are written here.
Every file is checked to open in keepassxc-cli afterwards. The master password of all is
Planted-Master-Pass (see KDBXFixtures.swift); the planted entry passwords are in source.xml.
Seeds are random, so running this again changes every byte of the outputs.
"""
import base64
import datetime
import hashlib
import os
import subprocess
import sys

from construct import Container
from lxml import etree
from pykeepass import PyKeePass
import pykeepass.pykeepass as pykeepass_module
from pykeepass.kdbx_parsing.kdbx4 import kdf_uuids
from pykeepass.pykeepass import BLANK_DATABASE_LOCATION, BLANK_DATABASE_PASSWORD

PASSWORD = 'Planted-Master-Pass'
HERE = os.path.dirname(os.path.abspath(__file__))


def path(name):
    return os.path.join(HERE, name)


def kxc(*args, stdin=PASSWORD + '\n'):
    return subprocess.run(['keepassxc-cli', *args], input=stdin.encode(), capture_output=True, check=True).stdout


def key_files():
    random = os.urandom
    with open(path('keyfile-v1.key'), 'w') as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n<KeyFile>\n\t<Meta>\n\t\t<Version>1.00</Version>\n\t</Meta>\n'
                '\t<Key>\n\t\t<Data>%s</Data>\n\t</Key>\n</KeyFile>\n' % base64.b64encode(random(32)).decode())
    with open(path('keyfile-raw32.key'), 'wb') as f:
        f.write(random(32))
    with open(path('keyfile-hex64.key'), 'w') as f:
        f.write(random(32).hex())
    with open(path('keyfile-other.bin'), 'wb') as f:
        f.write(b'not a key file format, hashed whole: ' + random(61))
    for name in ['keyfile-v2.keyx', 'keyfile-v2-scratch.kdbx']:
        if os.path.exists(path(name)):
            os.remove(path(name))
    kxc('db-create', '-q', '-t', '100', '--set-key-file', path('keyfile-v2.keyx'), path('keyfile-v2-scratch.kdbx'), stdin='')
    os.remove(path('keyfile-v2-scratch.kdbx'))


def keepassxc_files():
    if os.path.exists(path('kxc-kdbx31.kdbx')):
        os.remove(path('kxc-kdbx31.kdbx'))
    kxc('import', '-q', '-p', '-t', '100', path('source.xml'), path('kxc-kdbx31.kdbx'), stdin=(PASSWORD + '\n') * 2)
    with open(path('kxc-export.xml'), 'wb') as f:
        f.write(kxc('export', '-q', '-f', 'xml', path('kxc-kdbx31.kdbx')))


def kdbx3(name, cipher='aes256', compression=True, password=PASSWORD, keyfile=None):
    kp = PyKeePass(path('kxc-kdbx31.kdbx'), password=PASSWORD)
    header = kp.kdbx.header.value.dynamic_header
    header.cipher_id.data = cipher
    header.compression_flags.data.compression = compression
    header.transform_rounds.data = 6000
    kp.password = password
    kp.keyfile = keyfile and path(keyfile)
    kp.save(path(name))
    # Meta/HeaderHash (SHA-256 of the header, which KeePass and KeePassXC write and check) must
    # match the new header: save once for fresh seeds, then again with the same seeds and the hash.
    with open(path(name), 'rb') as f:
        data = f.read()
    end = header_length3(data)
    meta = kp.tree.find('Meta')
    for old in meta.findall('HeaderHash'):
        meta.remove(old)
    etree.SubElement(meta, 'HeaderHash').text = base64.b64encode(hashlib.sha256(data[:end]).digest()).decode()
    rotate = pykeepass_module.rotate_seeds
    pykeepass_module.rotate_seeds = lambda *args, **kwargs: None
    try:
        kp.save(path(name))
    finally:
        pykeepass_module.rotate_seeds = rotate
    with open(path(name), 'rb') as f:
        assert f.read()[:end] == data[:end], name


def header_length3(data):
    """Where a KDBX 3.1 header ends: 12 bytes of signature and version, then id, UInt16 size, data."""
    offset = 12
    while True:
        field, size = data[offset], int.from_bytes(data[offset + 1:offset + 3], 'little')
        offset += 3 + size
        if field == 0:
            return offset


def kdbx4_tree():
    tree = etree.parse(path('kxc-export.xml'), etree.XMLParser(remove_blank_text=True))
    for value in tree.iter('Value'):
        if value.attrib.pop('ProtectInMemory', None) == 'True':
            value.set('Protected', 'True')
    start = datetime.datetime(1, 1, 1, tzinfo=datetime.timezone.utc)
    for times in tree.iter('Times'):
        for child in times:
            if child.tag.endswith('Time') or child.tag == 'LocationChanged':
                when = datetime.datetime.fromisoformat(child.text.replace('Z', '+00:00'))
                seconds = int((when - start).total_seconds())
                child.text = base64.b64encode(seconds.to_bytes(8, 'little')).decode()
    for old in tree.xpath('/KeePassFile/Meta/HeaderHash'):
        old.getparent().remove(old)
    return tree


def kdbx4(name, kdf='argon2', cipher='aes256', compression=True, password=PASSWORD, keyfile=None, minor=0):
    kp = PyKeePass(BLANK_DATABASE_LOCATION, BLANK_DATABASE_PASSWORD)
    kp.kdbx.body.payload.xml = kdbx4_tree()
    kp.kdbx.header.value.minor_version = minor
    header = kp.kdbx.header.value.dynamic_header
    header.cipher_id.data = cipher
    header.compression_flags.data.compression = compression
    parameters = header.kdf_parameters.data.dict
    if kdf in ('argon2', 'argon2id'):
        parameters['$UUID'].value = kdf_uuids[kdf]
        parameters['M'].value = 1 << 20
        parameters['I'].value = 2
        parameters['P'].value = 1
    else:
        salt = parameters['S']
        parameters.clear()
        parameters['$UUID'] = Container(type=0x42, key='$UUID', value=kdf_uuids['aeskdf'], next_byte=0x05)
        parameters['R'] = Container(type=0x05, key='R', value=6000, next_byte=0x42)
        parameters['S'] = Container(type=0x42, key='S', value=salt.value, next_byte=0x00)
    kp.password = password
    kp.keyfile = keyfile and path(keyfile)
    kp.save(path(name))


def keepassxc_kdbx4(name, source):
    """KeePassXC's own KDBX 4 writer: it saves source (Argon2id, ChaCha20) again as KDBX 4 after
    attaching a file to the recycle bin's entry, so the inner header holds a binary to skip."""
    with open(path(source), 'rb') as f:
        data = f.read()
    with open(path(name), 'wb') as f:
        f.write(data)
    attachment = path('attachment-scratch.bin')
    with open(attachment, 'wb') as f:
        f.write(os.urandom(3000))
    try:
        kxc('attachment-import', '-q', path(name), 'Recycle Bin/Deleted Shop', 'receipt.bin', attachment)
    finally:
        os.remove(attachment)


def check(name, password=PASSWORD, keyfile=None):
    """keepassxc-cli must open it and see the same entries as in source.xml."""
    args = ['export', '-q', '-f', 'xml']
    if keyfile:
        args += ['-k', path(keyfile)]
    if password is None:
        args += ['--no-password']
    xml = kxc(*args, path(name), stdin=(password or '') + '\n')
    for planted in [b'Planted-Kdbx-Secret-1', b'Planted-Kdbx-Old-1', 'Plänted-Kdbx-Sécret-2 🔑'.encode(), b'Planted-Kdbx-Deleted-3']:
        assert planted in xml, (name, planted)


def main():
    key_files()
    keepassxc_files()
    made = [('kxc-kdbx31.kdbx', PASSWORD, None)]
    kdbx3('kdbx31-aes.kdbx')
    kdbx3('kdbx31-twofish-uncompressed.kdbx', cipher='twofish', compression=False)
    kdbx3('kdbx31-keyfile-v1.kdbx', keyfile='keyfile-v1.key')
    made += [('kdbx31-aes.kdbx', PASSWORD, None), ('kdbx31-twofish-uncompressed.kdbx', PASSWORD, None),
             ('kdbx31-keyfile-v1.kdbx', PASSWORD, 'keyfile-v1.key')]
    kdbx4('kdbx4-argon2d-aes.kdbx')
    kdbx4('kdbx4-argon2id-chacha20.kdbx', kdf='argon2id', cipher='chacha20')
    kdbx4('kdbx4-aeskdf-twofish.kdbx', kdf='aeskdf', cipher='twofish')
    kdbx4('kdbx41-argon2id-uncompressed.kdbx', kdf='argon2id', compression=False, minor=1)
    made += [(n, PASSWORD, None) for n in ['kdbx4-argon2d-aes.kdbx', 'kdbx4-argon2id-chacha20.kdbx',
                                            'kdbx4-aeskdf-twofish.kdbx', 'kdbx41-argon2id-uncompressed.kdbx']]
    keepassxc_kdbx4('kxc-kdbx4-attachment.kdbx', 'kdbx4-argon2id-chacha20.kdbx')
    made.append(('kxc-kdbx4-attachment.kdbx', PASSWORD, None))
    for form in ['v1.key', 'v2.keyx', 'raw32.key', 'hex64.key', 'other.bin']:
        name = 'kdbx4-keyfile-%s.kdbx' % form.split('.')[0]
        kdbx4(name, keyfile='keyfile-' + form)
        made.append((name, PASSWORD, 'keyfile-' + form))
    kdbx4('kdbx4-keyfile-only.kdbx', password=None, keyfile='keyfile-v2.keyx')
    made.append(('kdbx4-keyfile-only.kdbx', None, 'keyfile-v2.keyx'))
    for name, password, keyfile in made:
        check(name, password, keyfile)
        print('ok', name, os.path.getsize(path(name)), 'bytes')


if __name__ == '__main__':
    sys.exit(main())
