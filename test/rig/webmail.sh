#!/bin/sh
# A real Roundcube 1.6 (Debian) with IMAP (dovecot) and SMTP (postfix) on 127.0.0.1, for
# end-to-end tests and for capturing compose markup. Root only, no systemd.
#
#   webmail.sh up       install what is missing, write config, start what is not running
#   webmail.sh status   what runs, and whether this script started it
#   webmail.sh stop     stop only what this script started
#
# Environment: WEBMAIL_STATE (default /var/tmp/sigill-webmail), WEBMAIL_PORT (default 8780).
# See README.md next to this file.
set -eu

STATE=${WEBMAIL_STATE:-/var/tmp/sigill-webmail}
PORT=${WEBMAIL_PORT:-8780}
DOMAIN=skola.test
# user:password, one per line; addresses are user@$DOMAIN.
USERS="personal:sigill
kollega:sigill
vardnadshavare:sigill"
VMAIL=sigill-vmail
PACKAGES="roundcube-core roundcube-sqlite3 php8.2-cli php8.2-cgi dovecot-imapd postfix iproute2"
POSTFIX_PID=/var/spool/postfix/pid/master.pid
ROUNDCUBE_PUBLIC=/var/lib/roundcube/public_html

say() { printf '%s\n' "webmail: $*"; }
die() {
  printf '%s\n' "webmail: $*" >&2
  exit 1
}

# A PID file names a live process whose command line contains $2.
alive() {
  [ -s "$1" ] || return 1
  pid=$(tr -dc 0-9 <"$1")
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$2"
}

listening() { ss -Hltn "sport = :$1" | grep -q .; }

# The running postfix master is the one `up` started.
postfix_ours() {
  [ -s "$STATE/postfix.pid" ] && [ -s "$POSTFIX_PID" ] &&
    [ "$(tr -dc 0-9 <"$STATE/postfix.pid")" = "$(tr -dc 0-9 <"$POSTFIX_PID")" ] &&
    alive "$POSTFIX_PID" master
}

wait_port() {
  i=0
  until listening "$1"; do
    i=$((i + 1))
    [ "$i" -le 50 ] || die "nothing listens on 127.0.0.1:$1 after 5 s (see $2)"
    sleep 0.1
  done
}

install_packages() {
  missing=""
  for p in $PACKAGES; do
    dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
  done
  [ -z "$missing" ] && return 0
  say "installing$missing"
  export DEBIAN_FRONTEND=noninteractive
  debconf-set-selections <<EOF
postfix postfix/main_mailer_type select Local only
postfix postfix/mailname string $DOMAIN
roundcube-core roundcube/dbconfig-install boolean false
EOF
  # Keep the packages' init scripts from starting daemons on all interfaces during install.
  made_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    made_policy=1
  fi
  status=0
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing; } || status=$?
  [ -z "$made_policy" ] || rm -f /usr/sbin/policy-rc.d
  [ "$status" -eq 0 ] || die "apt-get failed ($status)"
}

configure_users() {
  getent passwd "$VMAIL" >/dev/null ||
    useradd --system --home-dir "$STATE/mail" --no-create-home --shell /usr/sbin/nologin "$VMAIL"
  mkdir -p "$STATE/mail" "$STATE/dovecot" "$STATE/postfix"
  chown "$VMAIL:$VMAIL" "$STATE/mail"
  : >"$STATE/dovecot/users.new"
  : >"$STATE/postfix/vmailbox.new"
  printf '%s\n' "$USERS" | while IFS=: read -r user pass; do
    printf '%s@%s:{PLAIN}%s\n' "$user" "$DOMAIN" "$pass" >>"$STATE/dovecot/users.new"
    printf '%s@%s %s/%s/\n' "$user" "$DOMAIN" "$DOMAIN" "$user" >>"$STATE/postfix/vmailbox.new"
  done
  mv "$STATE/dovecot/users.new" "$STATE/dovecot/users"
  mv "$STATE/postfix/vmailbox.new" "$STATE/postfix/vmailbox"
  # dovecot's auth process runs as the dovecot user.
  chown root:dovecot "$STATE/dovecot/users"
  chmod 640 "$STATE/dovecot/users"
}

configure_postfix() {
  uid=$(id -u "$VMAIL")
  gid=$(id -g "$VMAIL")
  # "Local only" already sets inet_interfaces = loopback-only and error transports for
  # everything else: mail to other domains bounces back to the sender.
  postconf -e \
    "inet_interfaces = loopback-only" \
    "inet_protocols = ipv4" \
    "mydestination = localhost" \
    "virtual_mailbox_domains = $DOMAIN" \
    "virtual_mailbox_base = $STATE/mail" \
    "virtual_mailbox_maps = texthash:$STATE/postfix/vmailbox" \
    "virtual_uid_maps = static:$uid" \
    "virtual_gid_maps = static:$gid"
}

configure_dovecot() {
  mkdir -p "$STATE/dovecot/run" "$STATE/dovecot/state"
  cat >"$STATE/dovecot/dovecot.conf" <<EOF
# Written by test/rig/webmail.sh; a private instance, /etc/dovecot is not used.
protocols = imap
listen = 127.0.0.1
base_dir = $STATE/dovecot/run
state_dir = $STATE/dovecot/state
log_path = $STATE/dovecot/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:$STATE/mail/%d/%n
first_valid_uid = $(id -u "$VMAIL")
passdb {
  driver = passwd-file
  args = scheme=PLAIN $STATE/dovecot/users
}
userdb {
  driver = static
  args = uid=$VMAIL gid=$VMAIL home=$STATE/mail/%d/%n
}
namespace inbox {
  inbox = yes
  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Trash {
    special_use = \\Trash
    auto = subscribe
  }
  mailbox Junk {
    special_use = \\Junk
    auto = subscribe
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = 143
  }
  inet_listener imaps {
    port = 0
  }
}
EOF
}

configure_roundcube() {
  rc="$STATE/roundcube"
  mkdir -p "$rc/config" "$rc/temp" "$rc/logs"
  [ -s "$rc/des_key" ] || tr -dc 'A-Za-z0-9' </dev/urandom | head -c 24 >"$rc/des_key"
  for f in defaults.inc.php mimetypes.php; do ln -sf "/etc/roundcube/$f" "$rc/config/$f"; done
  cat >"$rc/config/config.inc.php" <<EOF
<?php
// Written by test/rig/webmail.sh; read through ROUNDCUBE_CONFIG_DIR, /etc/roundcube is not used.
\$config = [];
\$config['db_dsnw'] = 'sqlite:///$rc/roundcube.db?mode=0640';
\$config['imap_host'] = '127.0.0.1:143';
\$config['smtp_host'] = '127.0.0.1:25';
\$config['smtp_user'] = '';
\$config['smtp_pass'] = '';
\$config['username_domain'] = '$DOMAIN';
\$config['mail_domain'] = '$DOMAIN';
\$config['des_key'] = '$(cat "$rc/des_key")';
\$config['temp_dir'] = '$rc/temp/';
\$config['log_dir'] = '$rc/logs/';
\$config['skin'] = 'elastic';
\$config['plugins'] = [];
\$config['support_url'] = '';
\$config['product_name'] = 'Roundcube (Sigill rig)';
\$config['enable_spellcheck'] = false;
EOF
  if [ ! -s "$rc/roundcube.db" ]; then
    php -r '$db = new PDO("sqlite:" . $argv[1]); $db->exec(file_get_contents($argv[2]));' \
      "$rc/roundcube.db" /usr/share/roundcube/SQL/sqlite.initial.sql
  fi
  chown -R www-data:www-data "$rc"
  chmod 640 "$rc/config/config.inc.php" "$rc/des_key"
}

start_postfix() {
  if postfix status >/dev/null 2>&1; then
    # Ours or someone else's: either way it must read the new settings.
    postfix reload >/dev/null 2>&1
    postfix_ours || say "postfix was already running (not started by this script; stop leaves it)"
    return 0
  fi
  listening 25 && die "something else listens on port 25"
  /usr/lib/postfix/configure-instance.sh - >/dev/null 2>&1 || true
  postfix start >/dev/null 2>&1 || die "postfix start failed (see /var/log/mail.log or 'postfix check')"
  wait_port 25 "postfix check"
  # Remember which master we started, so stop never ends a postfix started by someone else.
  tr -dc 0-9 <"$POSTFIX_PID" >"$STATE/postfix.pid"
}

start_dovecot() {
  if alive "$STATE/dovecot/run/master.pid" dovecot; then
    kill -HUP "$(cat "$STATE/dovecot/run/master.pid")"
    return 0
  fi
  listening 143 && die "something else listens on port 143"
  dovecot -c "$STATE/dovecot/dovecot.conf" || die "dovecot failed (see $STATE/dovecot/dovecot.log)"
  wait_port 143 "$STATE/dovecot/dovecot.log"
}

start_roundcube() {
  alive "$STATE/php.pid" "-S 127.0.0.1:" && return 0
  listening "$PORT" && die "something else listens on port $PORT (set WEBMAIL_PORT)"
  # setpriv execs php itself (no wrapper process), so the recorded PID is the server's.
  ROUNDCUBE_CONFIG_DIR="$STATE/roundcube/config" setsid setpriv --reuid=www-data --regid=www-data --init-groups \
    php -d upload_max_filesize=25M -d post_max_size=30M -d memory_limit=256M \
    -S "127.0.0.1:$PORT" -t "$ROUNDCUBE_PUBLIC" >>"$STATE/php.log" 2>&1 </dev/null &
  echo $! >"$STATE/php.pid"
  echo "$PORT" >"$STATE/port"
  wait_port "$PORT" "$STATE/php.log"
}

cmd_up() {
  [ "$(id -u)" -eq 0 ] || die "run as root"
  install_packages
  mkdir -p "$STATE"
  configure_users
  configure_postfix
  configure_dovecot
  configure_roundcube
  start_postfix
  start_dovecot
  start_roundcube
  say "Roundcube http://127.0.0.1:$PORT/  IMAP 127.0.0.1:143  SMTP 127.0.0.1:25  state $STATE"
  printf '%s\n' "$USERS" | while IFS=: read -r user pass; do say "user $user@$DOMAIN password $pass"; done
}

cmd_status() {
  code=0
  if postfix status >/dev/null 2>&1; then
    if postfix_ours; then say "postfix running (started by this script)"; else say "postfix running (not ours)"; fi
  else
    say "postfix stopped"
    code=3
  fi
  if alive "$STATE/dovecot/run/master.pid" dovecot; then
    say "dovecot running, pid $(cat "$STATE/dovecot/run/master.pid")"
  else
    say "dovecot stopped"
    code=3
  fi
  if alive "$STATE/php.pid" "-S 127.0.0.1:"; then
    say "roundcube running, pid $(cat "$STATE/php.pid"), http://127.0.0.1:$(cat "$STATE/port")/"
  else
    say "roundcube stopped"
    code=3
  fi
  return "$code"
}

cmd_stop() {
  if alive "$STATE/php.pid" "-S 127.0.0.1:"; then
    kill "$(cat "$STATE/php.pid")"
    say "roundcube stopped"
  fi
  rm -f "$STATE/php.pid"
  if alive "$STATE/dovecot/run/master.pid" dovecot; then
    doveadm -c "$STATE/dovecot/dovecot.conf" stop 2>/dev/null || kill "$(cat "$STATE/dovecot/run/master.pid")"
    say "dovecot stopped"
  fi
  if postfix_ours; then
    postfix stop >/dev/null 2>&1 || true
    say "postfix stopped"
  fi
  rm -f "$STATE/postfix.pid"
}

case "${1:-}" in
  up) cmd_up ;;
  status) cmd_status ;;
  stop) cmd_stop ;;
  *) die "usage: $0 up|status|stop" ;;
esac
