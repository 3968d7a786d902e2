#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Independent computation of the RAKP-HMAC-SHA256 vectors in test_rakp_sha256.c
# (Python hmac/hashlib, following IPMI 2.0 13.28-13.32). Run it to regenerate them.
import hmac, hashlib, struct
H=lambda k,d: hmac.new(k,d,hashlib.sha256).digest()
kuid=b"password".ljust(20,b"\0"); kg=b"kgkey1234567890".ljust(20,b"\0")
sm,sc=0x11223344,0xa0b0c0d2
rm=bytes(range(16)); rc=bytes(range(16,32)); guid=bytes.fromhex("a123456789abcdefa123456789abcdef")
role=0x14; un=b"admin"
name=bytes([role,len(un)])+un
r2=H(kuid,struct.pack("<II",sm,sc)+rm+rc+guid+name)
r3=H(kuid,rc+struct.pack("<I",sm)+name)
sik=H(kuid,rm+rc+name); sikg=H(kg,rm+rc+name)
k1=H(sik,b"\x01"*20); k2=H(sik,b"\x02"*20)
icv=H(sik,rm+struct.pack("<I",sc)+guid)[:16]
pkt=bytes.fromhex("06c0d2c0b0a00500000020000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1fffff0207")
integ=H(k1,pkt)[:16]
def c(n,b): print("static const uint8_t %s[%d] = {%s};"%(n,len(b),", ".join("0x%02x"%x for x in b)))
for n,b in [("v_rakp2",r2),("v_rakp3",r3),("v_sik",sik),("v_sik_kg",sikg),("v_k1",k1),("v_k2",k2),("v_icv",icv),("v_pkt",pkt),("v_integ",integ)]: c(n,b)
