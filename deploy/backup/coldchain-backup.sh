#!/usr/bin/env bash
# ColdChain backups: PostgreSQL (pg_dump), InfluxDB 1.x (influxd backup -portable), mosquitto's persistence file and
# the embedded mode's SQLite files (online backup), into one timestamped folder with a SHA-256 manifest.
#
#   coldchain-backup.sh backup            make a backup under $BACKUP_ROOT/<UTC time>/ and prune old ones
#   coldchain-backup.sh restore <folder>  verify every checksum, then restore what the folder holds
#   coldchain-backup.sh verify <folder>   verify only
#   coldchain-backup.sh prune             keep the newest $BACKUP_KEEP backups, delete the rest
#
# What is backed up is what is configured (unset = skipped):
#   BACKUP_ROOT             where backups go (required)
#   BACKUP_KEEP             backups kept by prune (default 28: two weeks at one every 12 hours)
#   PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE    the platform database (libpq variables; PGDATABASE switches it on)
#   INFLUX_RPC              influxd's backup/restore address, host:port (default port 8088, loopback only by design)
#   INFLUX_DATABASE         the telemetry database (switches InfluxDB on)
#   INFLUX_URL INFLUX_USER INFLUX_PASSWORD        the HTTP API, used by restore to drop the database first
#   MOSQUITTO_DB            mosquitto's persistence file (e.g. /mosquitto/data/mosquitto.db)
#   SQLITE_FILES            space-separated SQLite files of the embedded mode (platform.db telemetry.db)
#
# Restore overwrites: stop the platform and ingest first (and mosquitto for its file). A folder whose manifest does not
# match its files is refused before anything is touched.
set -euo pipefail

log() { printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

influx_rpc() { local rpc=${INFLUX_RPC:-127.0.0.1:8088}; echo "$rpc"; }

backup() {
  [[ -n ${BACKUP_ROOT:-} ]] || die "BACKUP_ROOT is not set"
  local stamp folder parts=()
  stamp=$(date -u +%Y%m%dT%H%M%SZ)
  folder="$BACKUP_ROOT/$stamp"
  [[ ! -e $folder ]] || die "$folder exists already"
  mkdir -p "$folder.partial"

  if [[ -n ${PGDATABASE:-} ]]; then
    log "pg_dump $PGDATABASE"
    pg_dump --format=custom --no-owner --file="$folder.partial/postgres.dump" "$PGDATABASE"
    parts+=(postgres)
  fi

  if [[ -n ${INFLUX_DATABASE:-} ]]; then
    log "influxd backup -portable $INFLUX_DATABASE from $(influx_rpc)"
    influxd backup -portable -host "$(influx_rpc)" -database "$INFLUX_DATABASE" "$folder.partial/influx" >&2
    parts+=(influx)
  fi

  if [[ -n ${MOSQUITTO_DB:-} ]]; then
    # mosquitto writes its file whole at each autosave (a temp file renamed into place): a copy is consistent.
    if [[ -f $MOSQUITTO_DB ]]; then
      log "mosquitto persistence $MOSQUITTO_DB"
      mkdir -p "$folder.partial/mosquitto"
      cp "$MOSQUITTO_DB" "$folder.partial/mosquitto/mosquitto.db"
      parts+=(mosquitto)
    else
      log "no mosquitto persistence file yet at $MOSQUITTO_DB: skipped"
    fi
  fi

  if [[ -n ${SQLITE_FILES:-} ]]; then
    mkdir -p "$folder.partial/sqlite"
    for file in $SQLITE_FILES; do
      [[ -f $file ]] || die "SQLite file $file does not exist"
      log "SQLite online backup $file"
      # The online backup API: a consistent copy while the platform keeps writing (WAL included).
      sqlite3 "$file" ".backup '$folder.partial/sqlite/$(basename "$file")'"
      echo "$(basename "$file") $file" >> "$folder.partial/sqlite/locations"
    done
    parts+=(sqlite)
  fi

  (( ${#parts[@]} > 0 )) || die "nothing configured to back up (set PGDATABASE, INFLUX_DATABASE, MOSQUITTO_DB or SQLITE_FILES)"
  printf 'created=%s\nparts=%s\nhost=%s\ninflux_database=%s\n' "$stamp" "${parts[*]}" "$(hostname)" "${INFLUX_DATABASE:-}" > "$folder.partial/backup.info"
  (cd "$folder.partial" && find . -type f ! -name SHA256SUMS -print0 | sort -z | xargs -0 sha256sum > SHA256SUMS)
  # Only a complete backup gets its final name: a crash mid-backup leaves a .partial folder, never a bad backup.
  mv "$folder.partial" "$folder"
  log "backup complete: $folder (${parts[*]}, $(du -sh "$folder" | cut -f1))"
  echo "$folder"
  prune
}

verify() {
  local folder=${1:?usage: verify <folder>}
  [[ -f $folder/SHA256SUMS ]] || die "$folder has no SHA256SUMS manifest"
  local listed actual
  listed=$(cut -d' ' -f3- "$folder/SHA256SUMS" | sort)
  actual=$(cd "$folder" && find . -type f ! -name SHA256SUMS | sort)
  [[ $listed == "$actual" ]] || die "$folder: files differ from the manifest (added or removed files)"
  (cd "$folder" && sha256sum --check --quiet --strict SHA256SUMS) || die "$folder: checksum mismatch: refusing to restore"
  log "$folder: every checksum matches"
}

restore() {
  local folder=${1:?usage: restore <folder>}
  verify "$folder"

  if [[ -f $folder/postgres.dump ]]; then
    [[ -n ${PGDATABASE:-} ]] || die "the backup holds PostgreSQL: set PGDATABASE (and PGHOST, PGUSER, ...)"
    log "pg_restore into $PGDATABASE (its objects are replaced)"
    pg_restore --clean --if-exists --no-owner --exit-on-error --single-transaction --dbname="$PGDATABASE" "$folder/postgres.dump"
  fi

  if [[ -d $folder/influx ]]; then
    [[ -n ${INFLUX_DATABASE:-} ]] || die "the backup holds InfluxDB: set INFLUX_DATABASE (and INFLUX_RPC, INFLUX_URL)"
    local source
    source=$(sed -n 's/^influx_database=//p' "$folder/backup.info")
    # influxd restore refuses an existing database: drop it first (over HTTP), then restore under its name.
    log "dropping InfluxDB database $INFLUX_DATABASE, restoring $source into it"
    curl -sf -XPOST ${INFLUX_USER:+-u "$INFLUX_USER:$INFLUX_PASSWORD"} "${INFLUX_URL:?set INFLUX_URL}/query" \
      --data-urlencode "q=DROP DATABASE \"$INFLUX_DATABASE\"" > /dev/null
    influxd restore -portable -host "$(influx_rpc)" -db "$source" -newdb "$INFLUX_DATABASE" "$folder/influx" >&2
  fi

  if [[ -f $folder/mosquitto/mosquitto.db ]]; then
    [[ -n ${MOSQUITTO_DB:-} ]] || die "the backup holds mosquitto's persistence: set MOSQUITTO_DB"
    log "mosquitto persistence back to $MOSQUITTO_DB (mosquitto must be stopped)"
    cp "$folder/mosquitto/mosquitto.db" "$MOSQUITTO_DB"
  fi

  if [[ -f $folder/sqlite/locations ]]; then
    while read -r name target; do
      log "SQLite $name back to $target (the platform must be stopped)"
      mkdir -p "$(dirname "$target")"
      rm -f "$target-wal" "$target-shm"
      cp "$folder/sqlite/$name" "$target.restoring"
      mv "$target.restoring" "$target"
    done < "$folder/sqlite/locations"
  fi

  log "restore complete from $folder"
}

prune() {
  [[ -n ${BACKUP_ROOT:-} ]] || die "BACKUP_ROOT is not set"
  local keep=${BACKUP_KEEP:-28}
  local backups
  mapfile -t backups < <(find "$BACKUP_ROOT" -mindepth 1 -maxdepth 1 -type d -name '20*Z' | sort -r)
  local i
  for (( i = keep; i < ${#backups[@]}; i++ )); do
    log "prune: removing ${backups[i]}"
    rm -rf "${backups[i]}"
  done
}

case ${1:-} in
  backup) backup ;;
  restore) restore "${2:-}" ;;
  verify) verify "${2:-}" ;;
  prune) prune ;;
  *) echo "usage: $0 backup | restore <folder> | verify <folder> | prune" >&2; exit 2 ;;
esac
