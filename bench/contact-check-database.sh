#!/usr/bin/env bash
# The pre-contact check's database work alone, without the service: pgbench runs, at a fixed rate, the transaction the
# service sends for one check (begin, the tenant setting, the kept statement of ContactCheckBatches, commit), and beside
# it the parts of that transaction, so that the check's p99 in ContactCheckBench can be read against what the database
# of this machine gives:
#   empty     begin, the tenant setting, select 1, commit (the floor of any transaction)
#   judge     the statement without its evidence row (reads only: no WAL to flush)
#   evidence  the evidence row alone (insert and synchronous commit)
#   check     the whole statement, as the service runs it
# Latency is timed from each transaction's scheduled start (pgbench -R: no coordinated omission); prepared statements,
# generic plans, 4 connections, as the app role, in a tenant of its own whose rows it deletes at the end.
#
# Run by hand from the repository root, with ./dev up postgres (never in ./dev test):
#   bench/contact-check-database.sh [seconds=20] [rate=1000]
set -euo pipefail

SECONDS_EACH=${1:-20}
RATE=${2:-1000}
BIN=${OUBLI_PG_BIN:-/usr/lib/postgresql/15/bin}
export PGHOST=127.0.0.1 PGPORT=${OUBLI_PG_PORT:-55432} PGDATABASE=${OUBLI_PRIVACY_DB:-oubli_privacy}
export PGUSER=${OUBLI_PRIVACY_DB_APP_USER:-oubli_privacy_app} PGPASSWORD=${OUBLI_PRIVACY_DB_APP_PASSWORD:-local-dev-only}
TENANT=$(cat /proc/sys/kernel/random/uuid)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# The kept statement, from the source; its array parameters become one-element arrays computed per transaction
# (a time-ordered id as the service makes them, an unknown e-mail index: answered NO_CONSENT, evidence written).
SOURCE=privacy-service/src/main/java/dev/oubli/privacy/contactcheck/ContactCheckBatches.java
STATEMENT=$(awk '/CHECKS = """/{on=1; next} on && /""";/{sub(/""";.*/, ""); print; exit} on' "$SOURCE")
[[ $STATEMENT == *'insert into contact_check'* ]] || { echo "the kept statement was not found in $SOURCE" >&2; exit 1; }
ID="cast(lpad(to_hex(floor(extract(epoch from clock_timestamp()) * 1000)::bigint), 12, '0') || '7' || substr(md5(random()::text), 1, 3) || '8' || substr(md5(random()::text), 1, 15) as uuid)"
STATEMENT=$(sed -e 's/cast(\$10 as timestamptz\[\])/array[now()]/' \
                -e "s/cast(\$2 as uuid\[\])/array[$ID]/" \
                -e 's/cast(\$3 as varchar\[\])/array[cast(md5(random()::text) as varchar)]/' \
                -e 's/cast(\$4 as varchar\[\])/cast(array[null] as varchar[])/' \
                -e 's/cast(\$5 as varchar\[\])/cast(array[null] as varchar[])/' \
                -e "s/cast(\$6 as varchar\[\])/array[cast('EMAIL' as varchar)]/" \
                -e "s/cast(\$7 as varchar\[\])/array[cast('MARKETING' as varchar)]/" \
                -e "s/cast(\$8 as varchar\[\])/array[cast('bench' as varchar)]/" \
                -e 's/cast(\$9 as varchar\[\])/cast(array[null] as varchar[])/' \
                -e 's/\$1\b/cast(:tenant as uuid)/g' <<<"$STATEMENT")
[[ $STATEMENT != *'$'[0-9]* ]] || { echo "a parameter of the kept statement is not substituted" >&2; exit 1; }
JUDGE="${STATEMENT%%evidence as (*}"
JUDGE="${JUDGE%,*} select * from decided"

transaction() { printf "begin;\nselect set_config('oubli.tenant_id', :tenant, true);\n%s;\ncommit;\n" "$(tr '\n' ' ' <<<"$2")" >"$WORK/$1.sql"; }
transaction empty "select 1"
transaction judge "$JUDGE"
transaction evidence "insert into contact_check (tenant_id, id, agent_id, channel, purpose, email_index, planned_at, decision,
    disclosure_version) values (cast(:tenant as uuid), $ID, 'bench', 'EMAIL', 'MARKETING', md5(random()::text), now(),
    'ALLOWED', 'default')"
transaction check "$STATEMENT"

echo "database work of a check, $RATE transactions/s for $SECONDS_EACH s each (pgbench, 4 connections, prepared):"
for script in empty judge evidence check; do
  rm -f "$WORK"/pgbench_log.*
  (cd "$WORK" && PGOPTIONS='-c plan_cache_mode=force_generic_plan' "$BIN/pgbench" -n -M prepared -D tenant="$TENANT" \
      -c 4 -j 2 -R "$RATE" -T "$SECONDS_EACH" -l -f "$script.sql" >"$WORK/$script.out" 2>&1) \
    || { cat "$WORK/$script.out" >&2; exit 1; }
  # per transaction: latency + schedule lag (µs); the first of each connection (its connection and planning) left out
  cat "$WORK"/pgbench_log.* | awk '$2 > 1 {print ($3 + $7) / 1000}' | sort -n \
    | awk -v name="$script" '{v[NR] = $1} END {printf "  %-9s %6d transactions  p50 %6.2f ms  p99 %6.2f ms  p99.9 %7.2f ms\n",
        name, NR, v[int(NR * 0.50)], v[int(NR * 0.99)], v[int(NR * 0.999)]}'
done
"$BIN/psql" -q -X -o /dev/null <<SQL
begin;
select set_config('oubli.tenant_id', '$TENANT', true);
delete from contact_check where tenant_id = '$TENANT';
commit;
SQL
