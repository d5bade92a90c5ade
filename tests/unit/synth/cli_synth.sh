#!/usr/bin/env bash
# wardround synth end to end: a small estate is written and imported; running it again with the
# same arguments changes nothing; bad arguments are usage errors.
#   cli_synth.sh WARDROUND SCRATCH
set -u
wardround=$1
scratch=$2
rm -rf "$scratch" && mkdir -p "$scratch"
db="$scratch/synth.db"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

"$wardround" --db "$db" init >/dev/null || fail "init"
"$wardround" --db "$db" synth --orgs 4 --endpoints 300 --seed 3 --json >"$scratch/first.json" 2>"$scratch/first.err"
status=$?
[ "$status" -eq 0 ] || { fail "first run exit $status"; cat "$scratch/first.err" >&2; }
grep -q '"assets": 300' "$scratch/first.json" || fail "first run did not generate 300 assets"
grep -q '"unchanged": 0' "$scratch/first.json" || fail "first run found files already imported"
[ -f "$scratch/synth-4-300-3/organisations.csv" ] || fail "no organisations.csv beside the database"
"$wardround" --db "$db" org show SYT0001 >/dev/null || fail "the trust was not created"

before=$("$wardround" --db "$db" inventory stats --org SYT0001 --json)
"$wardround" --db "$db" synth --orgs 4 --endpoints 300 --seed 3 --json >"$scratch/second.json" 2>"$scratch/second.err"
status=$?
[ "$status" -eq 0 ] || { fail "second run exit $status"; cat "$scratch/second.err" >&2; }
files=$(sed -n 's/.*"files": \([0-9]*\).*/\1/p' "$scratch/second.json")
grep -q "\"unchanged\": $files" "$scratch/second.json" || fail "second run changed something: $(cat "$scratch/second.json")"
after=$("$wardround" --db "$db" inventory stats --org SYT0001 --json)
[ "$before" = "$after" ] || fail "inventory stats changed on the second run"

"$wardround" --db "$db" synth --orgs 0 --endpoints 10 >/dev/null 2>&1
[ $? -eq 2 ] || fail "--orgs 0 is not a usage error"
"$wardround" synth --orgs 2 --endpoints 200 --measure --threads 2 >"$scratch/measure2" || fail "measure"
"$wardround" synth --orgs 2 --endpoints 200 --measure --threads 1 >"$scratch/measure1" || fail "measure"
[ "$(grep -o 'digest [0-9a-f]*' "$scratch/measure1")" = "$(grep -o 'digest [0-9a-f]*' "$scratch/measure2")" ] ||
    fail "the estate differs with the number of threads"

[ "$failures" -eq 0 ] && echo "ok: wardround synth" && exit 0
exit 1
