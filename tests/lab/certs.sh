#!/usr/bin/env bash
# Generates throwaway TLS certificates for the edge-of-chain tests with the openssl CLI, at test time.
# Usage: tests/lab/certs.sh DIR [HOST]   (HOST defaults to origin.test)
# Writes into DIR (created; keys never leave it, never commit them):
#   root.pem                 a private root CA (the tests' trust store)
#   inter.pem                an intermediate CA signed by the root
#   good.pem / good.key      leaf for HOST, valid now, issued by the intermediate
#   good-chain.pem           good.pem + inter.pem (what a correct server sends, for nginx ssl_certificate)
#   soon.pem                 leaf for HOST expiring in 5 days (same key as good)
#   expired.pem              leaf for HOST, valid 2020-01-01 to 2021-01-01
#   future.pem               leaf for HOST, valid from 10 days from now
#   wronghost.pem            leaf for other.invalid only
#   self.pem / self.key      self-signed for HOST, valid now
#   self-expired.pem         self-signed for HOST (self.key), valid 2020-01-01 to 2021-01-01
# Every *.pem leaf except self*.pem uses good.key.
set -euo pipefail

dir="${1:?usage: certs.sh DIR [HOST]}"
host="${2:-origin.test}"
command -v openssl >/dev/null || { echo "certs.sh: openssl not found" >&2; exit 1; }
mkdir -p "$dir/issued"
cd "$dir"
rm -f index.txt index.txt.* serial serial.*
: >index.txt
echo 1000 >serial

# A SAN entry for a name or an IP address.
san() { if [[ "$1" =~ ^[0-9.]+$ ]]; then echo "IP:$1"; else echo "DNS:$1"; fi; }

cat >ca.cnf <<'CNF'
[ ca ]
default_ca = lab
[ lab ]
dir = .
database = ./index.txt
new_certs_dir = ./issued
serial = ./serial
default_md = sha256
policy = anything
unique_subject = no
email_in_dn = no
[ anything ]
commonName = supplied
[ req ]
distinguished_name = dn
[ dn ]
[ ca_ext ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
csr() { openssl req -new -config ca.cnf -key "$1" -subj "/CN=$2" -out "$3" 2>/dev/null; }
leaf_ext() { # leaf_ext NAME FILE
	printf 'basicConstraints = CA:false\nkeyUsage = critical, digitalSignature, keyEncipherment\nextendedKeyUsage = serverAuth\nsubjectAltName = %s\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n' "$(san "$1")" >"$2"
}
# sign CSR OUT CA_CERT CA_KEY EXTFILE [openssl ca date options...]
sign() {
	local in="$1" out="$2" cert="$3" cakey="$4" ext="$5"
	shift 5
	openssl ca -batch -notext -config ca.cnf -cert "$cert" -keyfile "$cakey" -in "$in" -out "$out" -extfile "$ext" "$@" 2>/dev/null
}
date_in() { date -u -d "$1" +%Y%m%d%H%M%SZ; }

key root.key
openssl req -x509 -new -config ca.cnf -key root.key -subj "/CN=Triage Lab Root CA" -days 3650 \
	-addext "basicConstraints=critical,CA:true" -addext "keyUsage=critical,keyCertSign,cRLSign" -out root.pem 2>/dev/null

key inter.key
csr inter.key "Triage Lab Intermediate CA" inter.csr
printf 'basicConstraints = critical, CA:true, pathlen:0\nkeyUsage = critical, keyCertSign, cRLSign\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n' >inter.ext
sign inter.csr inter.pem root.pem root.key inter.ext -days 3650

key good.key
csr good.key "$host" good.csr
leaf_ext "$host" leaf.ext
sign good.csr good.pem inter.pem inter.key leaf.ext -days 90
cat good.pem inter.pem >good-chain.pem
sign good.csr soon.pem inter.pem inter.key leaf.ext -days 5
sign good.csr expired.pem inter.pem inter.key leaf.ext -startdate 20200101000000Z -enddate 20210101000000Z
sign good.csr future.pem inter.pem inter.key leaf.ext -startdate "$(date_in '+10 days')" -enddate "$(date_in '+100 days')"
leaf_ext other.invalid wrong.ext
sign good.csr wronghost.pem inter.pem inter.key wrong.ext -days 90

key self.key
openssl req -x509 -new -config ca.cnf -key self.key -subj "/CN=$host" -days 30 -addext "subjectAltName=$(san "$host")" -out self.pem 2>/dev/null
csr self.key "$host" self.csr
leaf_ext "$host" self.ext
openssl ca -batch -notext -selfsign -config ca.cnf -keyfile self.key -in self.csr -out self-expired.pem -extfile self.ext \
	-startdate 20200101000000Z -enddate 20210101000000Z 2>/dev/null

rm -f ./*.csr ./*.ext
echo "$dir"
