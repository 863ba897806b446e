#!/usr/bin/env bash
# Makes sure the two test servers answer as the tests expect, installing and starting them
# when they do not:
#   PostgreSQL  127.0.0.1:5432, user postgres, trust auth, database test
#   MariaDB     127.0.0.1:3306, user root, empty password, database test
# Idempotent: on a machine where both already run it only checks them.
set -euo pipefail

log() { echo "services: $*"; }

wait_for() { # wait_for DESCRIPTION COMMAND...
    local what=$1; shift
    for _ in $(seq 1 60); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 1
    done
    log "$what did not come up"; return 1
}

missing=()
command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql postgresql-client)
[ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server mariadb-client)
if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# ----- PostgreSQL -------------------------------------------------------------------------
pg_up() { pg_isready -h 127.0.0.1 -p 5432 -q; }
if ! pg_up; then
    version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$version" ]; then
        version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
        pg_createcluster "$version" main >/dev/null
    fi
    log "starting PostgreSQL $version"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    wait_for "PostgreSQL" pg_up
fi
if ! psql -h 127.0.0.1 -U postgres -d postgres -Atc 'select 1' >/dev/null 2>&1; then
    # A fresh cluster asks for passwords over TCP: trust local TCP connections, as the tests do.
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    hba=/etc/postgresql/$version/main/pg_hba.conf
    log "enabling trust auth for 127.0.0.1 in $hba"
    sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
    pg_ctlcluster --skip-systemctl-redirect "$version" main reload
    wait_for "PostgreSQL trust auth" psql -h 127.0.0.1 -U postgres -d postgres -Atc 'select 1'
fi
if [ "$(psql -h 127.0.0.1 -U postgres -d postgres -Atc "select 1 from pg_database where datname = 'test'")" != 1 ]; then
    log "creating PostgreSQL database test"
    psql -h 127.0.0.1 -U postgres -d postgres -qc 'create database test'
fi
log "PostgreSQL $(psql -h 127.0.0.1 -U postgres -d test -Atc 'show server_version') is up"

# ----- MariaDB ----------------------------------------------------------------------------
my_up() { mysqladmin -h 127.0.0.1 -P 3306 -uroot --connect-timeout=2 ping >/dev/null 2>&1; }
if ! my_up; then
    mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
    if [ ! -d /var/lib/mysql/mysql ]; then
        mariadb-install-db --user=mysql >/dev/null
    fi
    log "starting MariaDB"
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
    wait_for "MariaDB" my_up
fi
if ! mysql -h 127.0.0.1 -uroot -e 'select 1' >/dev/null 2>&1; then
    # Debian's root uses the unix socket only: allow an empty password over TCP too.
    log "allowing root with an empty password over TCP"
    mysql -uroot -e "ALTER USER root@localhost IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD('')"
fi
mysql -h 127.0.0.1 -uroot -e 'CREATE DATABASE IF NOT EXISTS test'
log "MariaDB $(mysql -h 127.0.0.1 -uroot -N -e 'select version()') is up"

# ----- TLS --------------------------------------------------------------------------------
# Both servers also speak TLS, with a CA made fresh on every run (see scripts/tls.sh).
bash "$(dirname "$0")/tls.sh"
