#!/usr/bin/env bash
# Installs the Debian packages the test suite talks to (real peers, not mocks):
# PostgreSQL 15 for the store, and (as the SIP and call issues land) baresip, SIPp,
# Kamailio, espeak-ng, sox and Chromium; dnsmasq as a DNS server with SRV records for
# the trunk tests. Only missing packages are installed.
set -euo pipefail
want=(postgresql-15 postgresql-client-15 sip-tester baresip-core kamailio espeak-ng sox chromium fonts-dejavu-core dnsmasq-base)
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-test-deps: installing ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
