#!/usr/bin/env bash
# Installs the real protocol peers the test suite talks to (Debian packages), when missing:
# Postfix, Dovecot (IMAP, POP3, ManageSieve, Pigeonhole), nsd, swaks and Sisimai (benchmarks),
# openssl (test CA), and Exim (bounces written by a second MTA). Services are NOT started
# system-wide: tests start their own instances on loopback high ports with their own config
# (test/peers/*.ts).
#
# Exim: Debian's exim4-daemon-light cannot be installed beside postfix (both provide and
# conflict with mail-transport-agent), so its package is downloaded and unpacked under
# EXIM_ROOT (dpkg -x, no maintainer scripts, nothing in /etc), its libraries are installed as
# packages, and its compiled-in user Debian-exim is created. test/peers/exim.ts runs that
# binary with its own configuration (-C) for each message; no daemon.
# In CI (CI=true) a peer that cannot be installed is an error; elsewhere a warning.
set -uo pipefail

PKGS=(postfix dovecot-core dovecot-imapd dovecot-pop3d dovecot-managesieved dovecot-sieve nsd swaks libnet-ssleay-perl libsisimai-perl openssl dnsutils
  libcrypt1 libdb5.3 libgnutls-dane0 libgnutls30 libidn12 libidn2-0 libnsl2 libpcre2-8-0)
EXIM_ROOT=/opt/maildoctor-peers/exim4
BINS=(/usr/sbin/postfix /usr/sbin/dovecot /usr/sbin/nsd /usr/bin/swaks /usr/bin/openssl /usr/bin/sieve-test "$EXIM_ROOT/usr/sbin/exim4")

# Dovecot refuses uid 0 for mail processes: test/peers/dovecot.ts runs them as this system
# user (it also creates it on first use when running as root). Idempotent.
ensure_vmail() {
  getent passwd vmail >/dev/null 2>&1 && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "install-peers: not root; cannot create the vmail user" >&2
    return 1
  fi
  useradd --system --user-group --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin vmail >/dev/null 2>&1
  getent passwd vmail >/dev/null 2>&1
}

# Exim's compiled-in user (EXIM_USER "Debian-exim"): the binary refuses to start without it.
ensure_exim_user() {
  getent passwd Debian-exim >/dev/null 2>&1 && return 0
  [ "$(id -u)" = 0 ] || return 1
  useradd --system --user-group --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin Debian-exim >/dev/null 2>&1
  getent passwd Debian-exim >/dev/null 2>&1
}

# exim4-daemon-light unpacked (see above), then checked: it must start.
ensure_exim() {
  if [ ! -x "$EXIM_ROOT/usr/sbin/exim4" ]; then
    [ "$(id -u)" = 0 ] || return 1
    local dl
    dl="$(mktemp -d)" && chmod 755 "$dl" || return 1
    (cd "$dl" && apt-get download exim4-daemon-light >/dev/null 2>&1) || { rm -rf "$dl"; return 1; }
    mkdir -p "$EXIM_ROOT" && dpkg -x "$dl"/exim4-daemon-light_*.deb "$EXIM_ROOT" || { rm -rf "$dl"; return 1; }
    rm -rf "$dl"
  fi
  ensure_exim_user && "$EXIM_ROOT/usr/sbin/exim4" -bV -C /dev/null >/dev/null 2>&1
}

missing=0
for b in "${BINS[@]}"; do [ -x "$b" ] || missing=1; done
getent passwd Debian-exim >/dev/null 2>&1 || missing=1
perl -MSisimai -e1 2>/dev/null || missing=1
perl -MNet::SSLeay -e1 2>/dev/null || missing=1
if [ "$missing" = 0 ]; then
  ensure_vmail && ensure_exim && exit 0
  [ "${CI:-}" = true ] && exit 1 || exit 0
fi

if [ "$(id -u)" != 0 ]; then
  echo "install-peers: not root; cannot apt-get install ${PKGS[*]}" >&2
  [ "${CI:-}" = true ] && exit 1 || exit 0
fi

export DEBIAN_FRONTEND=noninteractive
# Postfix must not ask how to configure itself, and no service may start system-wide.
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
policy_created=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && policy_created=1
fi
echo "install-peers: installing ${PKGS[*]}" >&2
ok=1
apt-get update -qq >/dev/null 2>&1 || apt-get update -qq || ok=0
apt-get install -y -qq --no-install-recommends "${PKGS[@]}" >/dev/null || ok=0
[ "$policy_created" = 1 ] && rm -f /usr/sbin/policy-rc.d
# Debian's packages may have started system instances despite the policy; stop them so
# they never hold the ports or the queue.
postfix stop >/dev/null 2>&1 || true
pkill -x dovecot >/dev/null 2>&1 || true
pkill -x nsd >/dev/null 2>&1 || true

ensure_vmail || ok=0
ensure_exim || { echo "install-peers: could not unpack and run Debian's exim4-daemon-light" >&2; ok=0; }

if [ "$ok" != 1 ]; then
  echo "install-peers: apt-get failed (or the vmail or Debian-exim user, or Exim, could not be set up)" >&2
  [ "${CI:-}" = true ] && exit 1
fi
exit 0
