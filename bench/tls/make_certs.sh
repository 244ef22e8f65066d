#!/usr/bin/env bash
# Makes a certificate authority of its own and a server certificate it signed, for 127.0.0.1 and localhost, into DIR:
# ca.pem (what clients are told to trust), server.pem and server.key (what nginx serves). Nothing is installed in
# the system's trust store. Keys are ECDSA P-256, as most servers' are today; they live two days.
#
# usage: bench/tls/make_certs.sh DIR
set -euo pipefail

dir=${1:?usage: make_certs.sh DIR}
mkdir -p "$dir"
cd "$dir"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
  -keyout ca.key -out ca.pem -subj "/CN=Gleaner bench CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -keyout server.key -out server.csr -subj "/CN=127.0.0.1" 2>/dev/null
cat > server.ext <<'EOF'
subjectAltName = IP:127.0.0.1, DNS:localhost
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
EOF
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
  -extfile server.ext -out server.pem 2>/dev/null
openssl verify -CAfile ca.pem server.pem >/dev/null
