#!/usr/bin/env bash
# The exit statuses the README documents: 0 done, 1 failed (nothing changed), 2 usage error,
# 3 done with rejected rows reported.
#   exit_statuses.sh WARDROUND FIXTURES SCRATCH
set -u
wardround=$1
fixtures=$2
scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch"
db="$scratch/test.db"
failures=0

expect() {  # expect STATUS DESCRIPTION COMMAND...
    local want=$1 what=$2
    shift 2
    "$@" >"$scratch/out" 2>"$scratch/err"
    local got=$?
    if [ "$got" -ne "$want" ]; then
        echo "FAIL: $what: exit $got, expected $want" >&2
        cat "$scratch/err" >&2
        failures=$((failures + 1))
    else
        echo "ok: $what (exit $got)"
    fi
}

expect 0 "init" "$wardround" --db "$db" init
expect 0 "a good organisation file" "$wardround" --db "$db" org import "$fixtures/org/example.csv"
expect 3 "an organisation file with bad rows" "$wardround" --db "$db" org import "$fixtures/org/bad-rows.csv"
expect 1 "a truncated KEV catalogue" "$wardround" --db "$db" feeds import "$fixtures/kev/malformed/truncated.json"
expect 0 "a good KEV catalogue" "$wardround" --db "$db" feeds import "$fixtures/kev/catalogue-v1.json"
expect 3 "EPSS rows that are rejected" "$wardround" --db "$db" feeds import "$fixtures/epss/scores-2026-01-11-with-bad-rows.csv"
expect 1 "a CVE no feed mentions" "$wardround" --db "$db" cve show CVE-1999-9999
expect 1 "an organisation that does not exist" "$wardround" --db "$db" org show NOPE
expect 2 "an unknown command" "$wardround" --db "$db" frobnicate
expect 2 "an unknown --kind" "$wardround" --db "$db" feeds import --kind nope "$fixtures/kev/catalogue-v1.json"
expect 1 "a database that is not a database" "$wardround" --db "$fixtures/kev/catalogue-v1.json" init
expect 0 "cve show --json" "$wardround" --db "$db" cve show CVE-2017-0144 --json
grep -q '"known_ransomware_use": "Known"' "$scratch/out" || { echo "FAIL: cve show --json lacks KEV facts" >&2; failures=$((failures + 1)); }
expect 0 "feeds status --json" "$wardround" --db "$db" feeds status --json
grep -q '"feed": "kev"' "$scratch/out" || { echo "FAIL: feeds status --json lacks kev" >&2; failures=$((failures + 1)); }

# The estate inventory.
expect 0 "a good inventory file" "$wardround" --db "$db" inventory import --org XT1 "$fixtures/../../data/demo/inventory/device-register.csv"
expect 3 "a register row with a bad MAC" "$wardround" --db "$db" inventory import --org XT1 "$fixtures/inventory/merge/register-with-bad-mac.csv"
expect 1 "a truncated nmap scan" "$wardround" --db "$db" inventory import --org XT1 "$fixtures/inventory/merge/truncated-scan.xml"
grep -q "truncated-scan.xml" "$scratch/err" || { echo "FAIL: the error does not name the file" >&2; failures=$((failures + 1)); }
expect 1 "an organisation with no such code" "$wardround" --db "$db" inventory import --org NOPE "$fixtures/../../data/demo/inventory/device-register.csv"
expect 2 "an unknown --format" "$wardround" --db "$db" inventory import --org XT1 --format excel "$fixtures/inventory/merge/truncated-scan.xml"
expect 2 "inventory import without --org" "$wardround" --db "$db" inventory import "$fixtures/inventory/merge/truncated-scan.xml"
expect 0 "inventory list --json" "$wardround" --db "$db" inventory list --org XT1 --json
grep -q '"serial": "PM-55013"' "$scratch/out" || { echo "FAIL: inventory list --json lacks the monitor" >&2; failures=$((failures + 1)); }
expect 0 "inventory show" "$wardround" --db "$db" inventory show --org XT1 US7-2291-0007
expect 1 "inventory show of no such asset" "$wardround" --db "$db" inventory show --org XT1 NO-SUCH-SERIAL
expect 0 "inventory stats --json" "$wardround" --db "$db" inventory stats --org XT1 --json
grep -q '"assets": 4' "$scratch/out" || { echo "FAIL: inventory stats --json does not count 4 assets" >&2; failures=$((failures + 1)); }
expect 0 "inventory unresolved" "$wardround" --db "$db" inventory unresolved --org XT1
expect 1 "identity map with a malformed CPE name" "$wardround" --db "$db" identity map "|x" "no colon"
inventory_before=$("$wardround" --db "$db" inventory list --json)
expect 1 "--strict with a diagnostic" "$wardround" --db "$db" inventory import --org XT1 --strict --source strict-test "$fixtures/inventory/merge/register-with-bad-mac.csv"
[ "$inventory_before" = "$("$wardround" --db "$db" inventory list --json)" ] || { echo "FAIL: a --strict rejection changed the estate" >&2; failures=$((failures + 1)); }

# A failed import leaves the database exactly as it was.
before=$("$wardround" --db "$db" feeds status --json | grep -v last_import_at | grep -v age_days)
"$wardround" --db "$db" feeds import "$fixtures/kev/catalogue-v2.json" "$fixtures/kev/malformed/truncated.json" >/dev/null 2>&1
after=$("$wardround" --db "$db" feeds status --json | grep -v last_import_at | grep -v age_days)
[ "$before" = "$after" ] || { echo "FAIL: a failed import changed the database" >&2; failures=$((failures + 1)); }

[ "$failures" -eq 0 ] || { echo "$failures failure(s)" >&2; exit 1; }
echo "all exit statuses as documented"
