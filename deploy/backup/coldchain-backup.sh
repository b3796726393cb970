#!/usr/bin/env bash
# ColdChain backups: PostgreSQL (pg_dump), InfluxDB 1.x (influxd backup -portable), mosquitto's persistence file and
# the embedded mode's SQLite files (online backup), into one timestamped folder with a SHA-256 manifest.
# Seed 003 §11.6: a full backup every 12 hours, an incremental one every 2 hours in between.
#
#   coldchain-backup.sh backup [full]       make a full backup under $BACKUP_ROOT/<UTC time>/ and prune old ones
#   coldchain-backup.sh backup incremental  back up what changed since the newest backup, chained to it
#   coldchain-backup.sh scheduled           full when the newest full backup is $BACKUP_FULL_INTERVAL seconds old
#                                           (default 43200: 12 h) or there is none, incremental otherwise
#   coldchain-backup.sh restore <folder>    verify every checksum of the folder and of its chain back to its full
#                                           backup, then restore the full backup and each incremental in order
#   coldchain-backup.sh verify <folder>     verify only (the whole chain)
#   coldchain-backup.sh prune               keep the newest $BACKUP_KEEP backups (never half a chain), delete the rest
#
# What an incremental holds, and why:
#   InfluxDB   the points measured since the previous backup's start, minus $BACKUP_LATE_WINDOW (default 24 h) for
#              readings that arrive late from a gateway's outbox (influxd backup -portable -start). Restore loads them
#              into a scratch database and copies them over (SELECT INTO): the same point twice is the same point.
#              A backlog older than the window is in the next full backup, at most 12 hours later.
#   PostgreSQL a whole pg_dump again: the platform database is small (registry, alarms, audit: megabytes), a dump is
#              consistent on its own, and WAL archiving would need the server reconfigured and a base backup to
#              replay from. Restore takes the newest dump of the chain.
#   SQLite, mosquitto   whole copies again (the embedded mode's files; mosquitto's file is small). Newest one wins.
# backup.info of an incremental names its full backup (base), the backup before it (previous) and the SHA-256 of
# that backup's manifest (previous_sha256): a chain whose links do not match is refused.
#
# What is backed up is what is configured (unset = skipped):
#   BACKUP_ROOT             where backups go (required)
#   BACKUP_KEEP             backups kept by prune (default 28: two weeks at one every 12 hours)
#   PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE    the platform database (libpq variables; PGDATABASE switches it on)
#   INFLUX_RPC              influxd's backup/restore address, host:port (default port 8088, loopback only by design)
#   INFLUX_DATABASE         the telemetry database (switches InfluxDB on)
#   INFLUX_URL INFLUX_USER INFLUX_PASSWORD        the HTTP API, used by restore to drop the database first and to
#                           copy an incremental's points in
#   BACKUP_LATE_WINDOW      seconds an incremental reaches back before the previous backup for late readings (86400)
#   MOSQUITTO_DB            mosquitto's persistence file (e.g. /mosquitto/data/mosquitto.db)
#   SQLITE_FILES            space-separated SQLite files of the embedded mode (platform.db telemetry.db)
#
#   BACKUP_FULL_INTERVAL    seconds between full backups for "scheduled" (43200); run "scheduled" every 2 hours
#
# Restore overwrites: stop the platform and ingest first (and mosquitto for its file). A folder whose manifest does not
# match its files is refused before anything is touched.
set -euo pipefail

log() { printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

influx_rpc() { local rpc=${INFLUX_RPC:-127.0.0.1:8088}; echo "$rpc"; }

now_stamp() { date -u +%Y%m%dT%H%M%S%3NZ; }

# A folder's stamp as RFC 3339 (20261125T195800123Z -> 2026-11-25T19:58:00Z).
stamp_time() { local s=$1; printf '%s-%s-%sT%s:%s:%sZ' "${s:0:4}" "${s:4:2}" "${s:6:2}" "${s:9:2}" "${s:11:2}" "${s:13:2}"; }

info() { sed -n "s/^$2=//p" "$1/backup.info" 2>/dev/null || true; }

newest_backup() { find "$BACKUP_ROOT" -mindepth 1 -maxdepth 1 -type d -name '20*Z' 2>/dev/null | sort | tail -n 1; }

backup() {
  [[ -n ${BACKUP_ROOT:-} ]] || die "BACKUP_ROOT is not set"
  local kind=${1:-full}
  [[ $kind == full || $kind == incremental ]] || die "backup kind is full or incremental, not $kind"
  local stamp folder parts=() previous="" base="" since=""
  stamp=$(now_stamp)
  folder="$BACKUP_ROOT/$stamp"
  [[ ! -e $folder ]] || die "$folder exists already"

  if [[ $kind == incremental ]]; then
    previous=$(newest_backup)
    [[ -n $previous ]] || die "no backup to be incremental to: make a full backup first"
    verify "$previous" > /dev/null
    base=$(info "$previous" base)
    [[ -n $base ]] || base=$(basename "$previous")
    # Reach back from the previous backup's start by the late window: readings measured before it may arrive after it.
    since=$(date -u -d "@$(( $(date -u -d "$(stamp_time "$(basename "$previous")")" +%s) - ${BACKUP_LATE_WINDOW:-86400} ))" +%Y-%m-%dT%H:%M:%SZ)
  fi

  mkdir -p "$folder.partial"

  if [[ -n ${PGDATABASE:-} ]]; then
    log "pg_dump $PGDATABASE"
    pg_dump --format=custom --no-owner --file="$folder.partial/postgres.dump" "$PGDATABASE"
    parts+=(postgres)
  fi

  if [[ -n ${INFLUX_DATABASE:-} ]]; then
    if [[ $kind == incremental ]]; then
      log "influxd backup -portable $INFLUX_DATABASE from $(influx_rpc), points since $since"
      # An explicit -end: with -start alone influxd 1.x takes end as year 1 and backs up nothing (seen on 1.6).
      influxd backup -portable -host "$(influx_rpc)" -database "$INFLUX_DATABASE" -start "$since" -end 2262-01-01T00:00:00Z "$folder.partial/influx" >&2
    else
      log "influxd backup -portable $INFLUX_DATABASE from $(influx_rpc)"
      influxd backup -portable -host "$(influx_rpc)" -database "$INFLUX_DATABASE" "$folder.partial/influx" >&2
    fi
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
  printf 'created=%s\nkind=%s\nparts=%s\nhost=%s\ninflux_database=%s\n' "$stamp" "$kind" "${parts[*]}" "$(hostname)" "${INFLUX_DATABASE:-}" > "$folder.partial/backup.info"
  if [[ $kind == incremental ]]; then
    printf 'base=%s\nprevious=%s\nprevious_sha256=%s\ninflux_start=%s\n' \
      "$base" "$(basename "$previous")" "$(sha256sum < "$previous/SHA256SUMS" | cut -d' ' -f1)" "$since" >> "$folder.partial/backup.info"
  fi
  (cd "$folder.partial" && find . -type f ! -name SHA256SUMS -print0 | sort -z | xargs -0 sha256sum > SHA256SUMS)
  # Only a complete backup gets its final name: a crash mid-backup leaves a .partial folder, never a bad backup.
  mv "$folder.partial" "$folder"
  log "$kind backup complete: $folder (${parts[*]}, $(du -sh "$folder" | cut -f1))"
  echo "$folder"
  prune
}

scheduled() {
  [[ -n ${BACKUP_ROOT:-} ]] || die "BACKUP_ROOT is not set"
  local newest_full="" folder
  for folder in $(find "$BACKUP_ROOT" -mindepth 1 -maxdepth 1 -type d -name '20*Z' 2>/dev/null | sort -r); do
    if [[ $(info "$folder" kind) != incremental ]]; then newest_full=$folder; break; fi
  done
  local age=999999999
  if [[ -n $newest_full ]]; then
    age=$(( $(date -u +%s) - $(date -u -d "$(stamp_time "$(basename "$newest_full")")" +%s) ))
  fi
  if (( age >= ${BACKUP_FULL_INTERVAL:-43200} )); then backup full; else backup incremental; fi
}

# The folders from the full backup to <folder>, oldest first, each link checked against the manifest it names.
chain() {
  local folder=${1%/} links=()
  while :; do
    [[ -d $folder ]] || die "backup chain broken: $folder is missing"
    links=("$folder" "${links[@]}")
    [[ $(info "$folder" kind) == incremental ]] || break
    local previous expected actual
    previous="$(dirname "$folder")/$(info "$folder" previous)"
    [[ -f $previous/SHA256SUMS ]] || die "backup chain broken: $folder follows $previous, which is missing"
    expected=$(info "$folder" previous_sha256)
    actual=$(sha256sum < "$previous/SHA256SUMS" | cut -d' ' -f1)
    [[ $expected == "$actual" ]] || die "backup chain broken: $previous is not the backup $folder was made after (checksum mismatch)"
    folder=$previous
  done
  printf '%s\n' "${links[@]}"
}

verify_one() {
  local folder=$1
  [[ -f $folder/SHA256SUMS ]] || die "$folder has no SHA256SUMS manifest"
  local listed actual
  listed=$(cut -d' ' -f3- "$folder/SHA256SUMS" | sort)
  actual=$(cd "$folder" && find . -type f ! -name SHA256SUMS | sort)
  [[ $listed == "$actual" ]] || die "$folder: files differ from the manifest (added or removed files)"
  (cd "$folder" && sha256sum --check --quiet --strict SHA256SUMS) || die "$folder: checksum mismatch: refusing to restore"
}

verify() {
  local folder=${1:?usage: verify <folder>} links link
  verify_one "$folder"
  links=$(chain "$folder") || exit 1
  for link in $links; do
    verify_one "$link"
  done
  log "$folder: every checksum matches ($(wc -w <<< "$links") backup(s) from the full one)"
}

influx_query() {
  curl -sf -XPOST ${INFLUX_USER:+-u "$INFLUX_USER:$INFLUX_PASSWORD"} "${INFLUX_URL:?set INFLUX_URL}/query" --data-urlencode "q=$1"
}

# An incremental's points: into a scratch database, copied into the live one per retention policy, scratch dropped.
restore_influx_increment() {
  local folder=$1 source scratch rp
  source=$(info "$folder" influx_database)
  scratch="coldchain_restore_$(basename "$folder")"
  influx_query "DROP DATABASE \"$scratch\"" > /dev/null
  influxd restore -portable -host "$(influx_rpc)" -db "$source" -newdb "$scratch" "$folder/influx" >&2
  for rp in $(influx_query "SHOW RETENTION POLICIES ON \"$scratch\"" | jq -r '.results[0].series[0].values[][0]'); do
    log "copying $(basename "$folder")'s points of retention policy $rp into $INFLUX_DATABASE"
    influx_query "CREATE RETENTION POLICY \"$rp\" ON \"$INFLUX_DATABASE\" DURATION INF REPLICATION 1" > /dev/null || true
    local copied
    copied=$(influx_query "SELECT * INTO \"$INFLUX_DATABASE\".\"$rp\".:MEASUREMENT FROM \"$scratch\".\"$rp\"./.*/ GROUP BY *")
    [[ $(jq -r '[.results[] | select(.error)] | length' <<< "$copied") == 0 ]] || die "copying the incremental's points failed: $copied"
  done
  influx_query "DROP DATABASE \"$scratch\"" > /dev/null
}

restore() {
  local folder=${1:?usage: restore <folder>}
  folder=${folder%/}
  verify "$folder"
  local links newest=$folder link
  mapfile -t links < <(chain "$folder")

  if [[ -f $newest/postgres.dump ]]; then
    [[ -n ${PGDATABASE:-} ]] || die "the backup holds PostgreSQL: set PGDATABASE (and PGHOST, PGUSER, ...)"
    log "pg_restore into $PGDATABASE from $(basename "$newest") (its objects are replaced)"
    pg_restore --clean --if-exists --no-owner --exit-on-error --single-transaction --dbname="$PGDATABASE" "$newest/postgres.dump"
  fi

  if [[ -d ${links[0]}/influx ]]; then
    [[ -n ${INFLUX_DATABASE:-} ]] || die "the backup holds InfluxDB: set INFLUX_DATABASE (and INFLUX_RPC, INFLUX_URL)"
    local source
    source=$(info "${links[0]}" influx_database)
    # influxd restore refuses an existing database: drop it first (over HTTP), then restore under its name.
    log "dropping InfluxDB database $INFLUX_DATABASE, restoring $source from the full backup $(basename "${links[0]}") into it"
    influx_query "DROP DATABASE \"$INFLUX_DATABASE\"" > /dev/null
    influxd restore -portable -host "$(influx_rpc)" -db "$source" -newdb "$INFLUX_DATABASE" "${links[0]}/influx" >&2
    for link in "${links[@]:1}"; do
      if [[ -d $link/influx ]]; then
        restore_influx_increment "$link"
      fi
    done
  fi

  if [[ -f $newest/mosquitto/mosquitto.db ]]; then
    [[ -n ${MOSQUITTO_DB:-} ]] || die "the backup holds mosquitto's persistence: set MOSQUITTO_DB"
    log "mosquitto persistence back to $MOSQUITTO_DB (mosquitto must be stopped)"
    cp "$newest/mosquitto/mosquitto.db" "$MOSQUITTO_DB"
  fi

  if [[ -f $newest/sqlite/locations ]]; then
    while read -r name target; do
      log "SQLite $name back to $target (the platform must be stopped)"
      mkdir -p "$(dirname "$target")"
      rm -f "$target-wal" "$target-shm"
      cp "$newest/sqlite/$name" "$target.restoring"
      mv "$target.restoring" "$target"
    done < "$newest/sqlite/locations"
  fi

  log "restore complete from $folder (${#links[@]} backup(s) applied for InfluxDB, the newest for the rest)"
}

prune() {
  [[ -n ${BACKUP_ROOT:-} ]] || die "BACKUP_ROOT is not set"
  local keep=${BACKUP_KEEP:-28}
  local backups
  mapfile -t backups < <(find "$BACKUP_ROOT" -mindepth 1 -maxdepth 1 -type d -name '20*Z' | sort -r)
  # Keep the newest $keep, and past them whatever the oldest kept incremental still needs, back to its full backup.
  local i needed=""
  for (( i = 0; i < ${#backups[@]}; i++ )); do
    local name kind
    name=$(basename "${backups[i]}")
    kind=$(info "${backups[i]}" kind)
    if (( i < keep )) || [[ $name == "$needed" ]]; then
      if [[ $kind == incremental ]]; then needed=$(info "${backups[i]}" previous); else needed=""; fi
      continue
    fi
    log "prune: removing ${backups[i]}"
    rm -rf "${backups[i]}"
  done
}

case ${1:-} in
  backup) backup "${2:-full}" ;;
  scheduled) scheduled ;;
  restore) restore "${2:-}" ;;
  verify) verify "${2:-}" ;;
  prune) prune ;;
  *) echo "usage: $0 backup [full|incremental] | scheduled | restore <folder> | verify <folder> | prune" >&2; exit 2 ;;
esac
