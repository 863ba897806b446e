#!/usr/bin/env bash
# Makes the two local test servers (see scripts/services.sh) speak TLS with certificates made
# here, so the TLS tests run against a CA they know instead of whatever a machine came with:
#
#   $SQLCORE_TLS_DIR (default /var/lib/sqlcore-tls)
#     ca.pem, ca.key              self-signed CA the tests trust
#     server.pem, server.key      CN=localhost, SAN DNS:localhost IP:127.0.0.1, signed by ca
#     wrong-ca.pem, wrong-ca.key  a second, unrelated CA that signed nothing the servers use,
#                                 for tests that expect verification to fail
#
# Both servers keep accepting plain (non-TLS) connections exactly as before: nothing here
# requires TLS of any user or host.
#
# Idempotent: every run makes a fresh set (a machine never carries certificates that expire
# under it), installs it, makes the running servers load it (a reload where one suffices, a
# restart of MariaDB only when it was started without TLS), and checks both servers with the
# new CA, the wrong CA and without TLS. Expects the servers to be up (services.sh runs first).
set -euo pipefail

log() { echo "tls: $*"; }
die() { echo "tls: $*" >&2; exit 1; }

wait_for() { # wait_for DESCRIPTION COMMAND...
    local what=$1; shift
    for _ in $(seq 1 60); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 1
    done
    log "$what did not succeed within 60 s"; return 1
}

# put_file MODE OWNER:GROUP SOURCE DEST: installs SOURCE as DEST. Writes through a temporary
# file in DEST's directory and renames it, so a server reading DEST never sees half a file.
put_file() {
    local mode=$1 owner=$2 src=$3 dest=$4 tmp
    tmp=$(mktemp "$(dirname "$dest")/.$(basename "$dest").XXXXXX")
    cat "$src" > "$tmp"
    chown "$owner" "$tmp"
    chmod "$mode" "$tmp"
    mv -f "$tmp" "$dest"
}

DIR=${SQLCORE_TLS_DIR:-/var/lib/sqlcore-tls}
DAYS=30

command -v openssl >/dev/null 2>&1 || {
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssl >/dev/null
}

# ----- certificates -----------------------------------------------------------------------
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A config of our own rather than the system openssl.cnf, so every machine makes the same
# certificates: X.509 v3 with the extensions rustls/webpki insist on (CA:TRUE on the CAs, a
# subjectAltName on the server; the CN alone is not looked at by modern clients).
cat > "$work/openssl.cnf" <<'EOF'
[req]
distinguished_name = dn
prompt             = no
[dn]
[ca_ext]
basicConstraints       = critical, CA:TRUE
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
[server_ext]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature, keyEncipherment
extendedKeyUsage       = serverAuth
subjectAltName         = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
EOF

# RSA 2048: accepted by every client the tests use (libpq, Connector/C, rustls, native-tls).
make_ca() { # make_ca NAME "SUBJECT"
    openssl req -x509 -new -config "$work/openssl.cnf" -extensions ca_ext \
        -newkey rsa:2048 -nodes -sha256 -days "$DAYS" -subj "$2" \
        -set_serial "0x$(openssl rand -hex 16)" \
        -keyout "$work/$1.key" -out "$work/$1.pem" 2>/dev/null
}
make_ca ca "/O=sqlcore tests/CN=sqlcore test CA"
make_ca wrong-ca "/O=sqlcore tests/CN=sqlcore wrong CA (trusted by nothing)"

openssl req -new -config "$work/openssl.cnf" -newkey rsa:2048 -nodes -sha256 \
    -subj "/O=sqlcore tests/CN=localhost" -keyout "$work/server.key" -out "$work/server.csr" 2>/dev/null
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" \
    -set_serial "0x$(openssl rand -hex 16)" -days "$DAYS" -sha256 \
    -extfile "$work/openssl.cnf" -extensions server_ext -out "$work/server.pem" 2>/dev/null

# The set must verify against its own CA, for both names, and not against the wrong one.
openssl verify -CAfile "$work/ca.pem" -purpose sslserver -verify_hostname localhost \
    "$work/server.pem" >/dev/null || die "server.pem does not verify against ca.pem for localhost"
openssl verify -CAfile "$work/ca.pem" -purpose sslserver -verify_ip 127.0.0.1 \
    "$work/server.pem" >/dev/null || die "server.pem does not verify against ca.pem for 127.0.0.1"
if openssl verify -CAfile "$work/wrong-ca.pem" "$work/server.pem" >/dev/null 2>&1; then
    die "server.pem verifies against wrong-ca.pem"
fi

# Certificates world-readable (tests run as any user); keys only root's. The servers get
# their own copies below, owned as each one requires.
mkdir -p "$DIR"
chmod 0755 "$DIR"
for name in ca wrong-ca server; do
    put_file 0644 root:root "$work/$name.pem" "$DIR/$name.pem"
    put_file 0600 root:root "$work/$name.key" "$DIR/$name.key"
done
log "made $DIR/{ca,server,wrong-ca}.{pem,key} (valid $DAYS days)"

# ----- PostgreSQL -------------------------------------------------------------------------
pg() { psql -h 127.0.0.1 -U postgres -d test -X -Atc "$1"; }
pg "select 1" >/dev/null || die "PostgreSQL does not answer on 127.0.0.1:5432 (run scripts/services.sh)"

pg_conf=$(pg "show config_file")
pg_confdir=$(dirname "$pg_conf")
pg_hba=$(pg "show hba_file")

# PostgreSQL refuses a key that is not owned by its user (or root) with mode 0600/0640, so it
# gets copies next to its configuration, owned by postgres.
put_file 0644 postgres:postgres "$DIR/server.pem" "$pg_confdir/sqlcore-server.pem"
put_file 0600 postgres:postgres "$DIR/server.key" "$pg_confdir/sqlcore-server.key"

pg_settings="ssl = on
ssl_cert_file = '$pg_confdir/sqlcore-server.pem'
ssl_key_file = '$pg_confdir/sqlcore-server.key'"
if grep -Eq "^[[:space:]]*include_dir[[:space:]]*=[[:space:]]*'conf\.d'" "$pg_conf"; then
    # Debian's postgresql.conf reads conf.d last, so this file wins over its snakeoil lines.
    {
        echo "# Written by sqlcore's scripts/tls.sh: TLS with the certificates in $DIR."
        echo "$pg_settings"
    } > "$work/pg.conf"
    mkdir -p "$pg_confdir/conf.d"
    put_file 0644 postgres:postgres "$work/pg.conf" "$pg_confdir/conf.d/95-sqlcore-tls.conf"
else
    pg "alter system set ssl = on" >/dev/null
    pg "alter system set ssl_cert_file = '$pg_confdir/sqlcore-server.pem'" >/dev/null
    pg "alter system set ssl_key_file = '$pg_confdir/sqlcore-server.key'" >/dev/null
fi

# Trust over TCP from both loopback addresses; a `host` line matches TLS and plain TCP alike.
# services.sh adds these on a fresh cluster; a machine set up otherwise may lack the ::1 one
# (libpq tries ::1 first where localhost resolves to it).
hba_changed=
for net in 127.0.0.1/32 ::1/128; do
    if ! grep -Eq "^[[:space:]]*host[[:space:]]+all[[:space:]]+all[[:space:]]+${net//./\\.}[[:space:]]+trust" "$pg_hba"; then
        log "adding 'host all all $net trust' to $pg_hba"
        sed -i "1i host all all $net trust" "$pg_hba"
        hba_changed=1
    fi
done

# TLS settings are reloadable (PostgreSQL 10+): no restart, connections stay up.
pg "select pg_reload_conf()" >/dev/null
errors=$(pg "select sourcefile || ':' || sourceline || ': ' || error from pg_file_settings where error is not null")
[ -z "$errors" ] || die "PostgreSQL configuration errors: $errors"
[ -z "$hba_changed" ] || [ -z "$(pg "select 1 from pg_hba_file_rules where error is not null limit 1")" ] \
    || die "PostgreSQL rejects $pg_hba"

# hostaddr pins the address (no dependence on what localhost resolves to) while host is the
# name verify-full checks against the certificate.
pg_tls() { # pg_tls CA HOST-PART: prints t when the session is encrypted
    psql "$2 port=5432 user=postgres dbname=test sslmode=verify-full sslrootcert=$1 connect_timeout=5" \
        -X -Atc 'select ssl from pg_stat_ssl where pid = pg_backend_pid()'
}
pg_tls_ok() { [ "$(pg_tls "$DIR/ca.pem" "$1")" = t ]; }
# The postmaster applies a reload asynchronously: wait until new sessions present the new set.
wait_for "PostgreSQL TLS (verify-full, localhost)" pg_tls_ok "host=localhost hostaddr=127.0.0.1" || {
    pg_tls "$DIR/ca.pem" "host=localhost hostaddr=127.0.0.1" || true
    die "PostgreSQL does not accept TLS with $DIR/ca.pem (see /var/log/postgresql/)"
}
pg_tls_ok "host=127.0.0.1" || die "PostgreSQL TLS does not verify for 127.0.0.1"
[ "$(psql "host=127.0.0.1 port=5432 user=postgres dbname=test sslmode=disable" -X -Atc \
    'select count(*) from pg_stat_ssl where pid = pg_backend_pid() and not ssl')" = 1 ] \
    || die "PostgreSQL no longer accepts plain connections"
if out=$(pg_tls "$DIR/wrong-ca.pem" "host=localhost hostaddr=127.0.0.1" 2>&1); then
    die "PostgreSQL TLS verified against $DIR/wrong-ca.pem"
fi
grep -qi 'certificate verify failed' <<<"$out" \
    || die "PostgreSQL with the wrong CA failed for another reason: $out"
log "PostgreSQL: verify-full with ca.pem ok (localhost, 127.0.0.1), wrong-ca.pem refused, sslmode=disable ok"

# ----- MariaDB ----------------------------------------------------------------------------
my() { mariadb -h 127.0.0.1 -P 3306 -uroot --skip-ssl -N -B -e "$1"; }
my_up() { mysqladmin -h 127.0.0.1 -P 3306 -uroot --skip-ssl --connect-timeout=2 ping >/dev/null 2>&1; }
my_up || die "MariaDB does not answer on 127.0.0.1:3306 (run scripts/services.sh)"

# The server runs as mysql and reads its key itself: copies owned by mysql.
my_dir=/etc/mysql/sqlcore-tls
mkdir -p "$my_dir"
chown mysql:mysql "$my_dir"
chmod 0750 "$my_dir"
put_file 0644 mysql:mysql "$DIR/ca.pem" "$my_dir/ca.pem"
put_file 0644 mysql:mysql "$DIR/server.pem" "$my_dir/server.pem"
put_file 0600 mysql:mysql "$DIR/server.key" "$my_dir/server.key"

# Debian's /etc/mysql/my.cnf (-> mariadb.cnf) reads /etc/mysql/mariadb.conf.d/*.cnf; a machine
# with a hand-written my.cnf may read no directory at all, in which case it is told to.
my_cnf_dir=/etc/mysql/mariadb.conf.d
mkdir -p "$my_cnf_dir"
cat > "$work/my.cnf" <<EOF
# Written by sqlcore's scripts/tls.sh: TLS with the certificates in $DIR.
# No require_secure_transport and no REQUIRE SSL on any user: plain connections keep working.
[mariadbd]
ssl_ca   = $my_dir/ca.pem
ssl_cert = $my_dir/server.pem
ssl_key  = $my_dir/server.key
EOF
put_file 0644 root:root "$work/my.cnf" "$my_cnf_dir/90-sqlcore-tls.cnf"
reads_ours() { /usr/sbin/mariadbd --print-defaults 2>/dev/null | grep -q -- "--ssl_cert=$my_dir/server.pem"; }
if ! reads_ours; then
    log "adding !includedir $my_cnf_dir/ to /etc/mysql/my.cnf"
    printf '\n# Added by sqlcore scripts/tls.sh\n!includedir %s/\n' "$my_cnf_dir" >> /etc/mysql/my.cnf
    reads_ours || die "mariadbd does not read $my_cnf_dir/90-sqlcore-tls.cnf"
fi

my_start() { # as services.sh starts it
    mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
    wait_for "MariaDB" my_up
}
my_running() { start-stop-daemon --status --exec /usr/sbin/mariadbd; }

# ssl_cert and friends are read-only variables: a server started without TLS (have_ssl
# DISABLED) or with other files must restart; one already on these files reloads them with
# FLUSH SSL (10.4+), keeping its connections.
if [ "$(my "select @@have_ssl")" = YES ] && [ "$(my "select @@ssl_cert")" = "$my_dir/server.pem" ]; then
    my "FLUSH SSL"
else
    log "restarting MariaDB to enable TLS (have_ssl was $(my "select @@have_ssl"))"
    mysqladmin -h 127.0.0.1 -P 3306 -uroot --skip-ssl shutdown
    wait_for "MariaDB shutdown" bash -c '! start-stop-daemon --status --exec /usr/sbin/mariadbd'
    if ! my_start; then
        # Never leave the tests without a server: start it again without TLS, then fail.
        tail -n 20 /var/log/mysql/error.log 2>/dev/null || true
        mv -f "$my_cnf_dir/90-sqlcore-tls.cnf" "$work/rejected.cnf"
        my_running || my_start || true
        die "MariaDB did not start with $my_cnf_dir/90-sqlcore-tls.cnf (removed; see the log above)"
    fi
fi
[ "$(my "select @@have_ssl")" = YES ] || die "MariaDB has no TLS after loading $my_dir"

my_tls() { # my_tls CA HOST [ARGS...]: prints the session's cipher, verifying the server
    local ca=$1 host=$2; shift 2
    mariadb -h "$host" -P 3306 --protocol=TCP -uroot --connect-timeout=5 "$@" \
        --ssl --ssl-ca="$ca" --ssl-verify-server-cert -N -B -e "SHOW STATUS LIKE 'Ssl_cipher'" | cut -f2
}
cipher=$(my_tls "$DIR/ca.pem" 127.0.0.1) || die "MariaDB does not accept TLS with $DIR/ca.pem on 127.0.0.1"
[ -n "$cipher" ] || die "MariaDB session on 127.0.0.1 is not encrypted"
c=$(my_tls "$DIR/ca.pem" localhost) || die "MariaDB TLS does not verify for localhost"
[ -n "$c" ] || die "MariaDB session on localhost is not encrypted"
[ -z "$(my "SHOW STATUS LIKE 'Ssl_cipher'" | cut -f2)" ] || die "MariaDB --skip-ssl session is encrypted"
if out=$(my_tls "$DIR/wrong-ca.pem" 127.0.0.1 2>&1); then
    die "MariaDB TLS verified against $DIR/wrong-ca.pem"
fi
grep -qiE 'certificate|verif' <<<"$out" || die "MariaDB with the wrong CA failed for another reason: $out"
log "MariaDB: verified TLS with ca.pem ok ($cipher; 127.0.0.1, localhost), wrong-ca.pem refused, --skip-ssl ok"

log "PostgreSQL and MariaDB accept TLS with $DIR/ca.pem"
