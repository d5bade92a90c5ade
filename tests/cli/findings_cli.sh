#!/usr/bin/env bash
# `wardround scan` and `wardround findings list|explain|accept|false-positive`: the exit statuses
# the README documents (0 done, 1 failed and nothing changed, 2 usage error), JSON that parses, the
# CSV header, and refused decisions that change nothing. Uses the invented fixtures in
# tests/data/findings.
#   findings_cli.sh WARDROUND FIXTURES SCRATCH
set -u
wardround=$1
fixtures=$2
scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch"
db="$scratch/findings.db"
data="$fixtures/findings"
# shellcheck source=tests/cli/cli_test_lib.sh
source "$(dirname "$0")/cli_test_lib.sh"

w() { "$wardround" --db "$db" "$@"; }

future=$(date -u -d "+60 days" +%Y-%m-%d)

expect 0 "init" w init
expect 1 "scan with an empty knowledge base" w scan
grep -q "knowledge base is empty" "$scratch/err" || fail "the empty-knowledge-base error does not say why"
expect 0 "organisations" w org import "$data/organisations.csv"
expect 0 "the invented knowledge base" w feeds import "$data/nvd-page.json" "$data/kev.json" "$data/epss.csv"
expect 1 "scan with only organisations and feeds but an unknown --org" w scan --org NOPE
expect 0 "FT1's estate" w inventory import --org FT1 "$data/estate-ft1-v1.csv"

# Policy files: read before anything else, so a bad one changes nothing.
expect 1 "scan with a missing --policy file" w scan --policy "$scratch/no-such-policy.json"
printf '{"points": {"kev": 40, "exploit": 5}}' >"$scratch/unknown-key.json"
expect 1 "scan with an unknown policy key" w scan --policy "$scratch/unknown-key.json"
grep -q '\$\.points\.exploit' "$scratch/err" || fail "the policy error does not name \$.points.exploit"
printf '{"thresholds": {"p1": 20, "p2": 45}}' >"$scratch/rising.json"
expect 1 "scan with thresholds that rise" w scan --policy "$scratch/rising.json"
printf 'points: kev' >"$scratch/not-json.json"
expect 1 "scan with a policy that is not JSON" w scan --policy "$scratch/not-json.json"
expect 2 "scan with an unknown option" w scan --everything

# None of the failed scans left a trace: the first to succeed is scan 1.
expect 0 "scan --json" w scan --json
parses "scan --json"
expect_json 'j["scan_id"]' 1 "the first successful scan"
expect_json 'j["new"], j["open"], j["fixed"], j["not_evaluable"]' "(3, 3, 0, 0)" "scan --json counts"
expect_json 'j["open_by_priority"]' "{'P1': 1, 'P3': 1, 'P4': 1}" "scan --json priorities"
expect_json 'j["knowledge_base"]["cves_indexed"], j["knowledge_base"]["demo_subset"]' "(3, False)" \
    "scan --json knowledge base"

# A stricter policy (KEV 70 points, thresholds 70, 30, 10) moves each finding up a level.
printf '{"points": {"kev": 70}, "thresholds": {"p1": 70, "p2": 30, "p3": 10}}' >"$scratch/strict.json"
expect 0 "scan --org FT1 --policy" w scan --org FT1 --policy "$scratch/strict.json" --json
expect_json 'j["open_by_priority"]' "{'P1': 1, 'P2': 1, 'P3': 1}" "the policy's priorities"
expect 0 "scan with the default policy again" w scan --org FT1
grep -q "3 open (P1 1, P2 0, P3 1, P4 1)" "$scratch/out" || fail "scan's text summary: $(cat "$scratch/out")"

# Listing.
expect 0 "findings list" w findings list
expect 0 "findings list --json" w findings list --json
parses "findings list --json"
expect_json 'len(j["findings"])' 3 "findings list --json"
expect_json '[f["vulnerability"] for f in j["findings"]]' "['CVE-2099-0001', 'CVE-2099-0002', 'CVE-2099-0003']" \
    "findings in priority order"
expect 0 "findings list --csv" w findings list --csv
[ "$(head -n 1 "$scratch/out")" = "id,org,asset_id,hostname,vendor,product,version,vulnerability,status,priority,due_date,kev" ] ||
    fail "findings list --csv header: $(head -n 1 "$scratch/out")"
[ "$(wc -l <"$scratch/out")" -eq 4 ] || fail "findings list --csv: $(wc -l <"$scratch/out") lines, expected 4"
expect 0 "findings list --priority P1,P2 --csv" w findings list --priority P1,P2 --csv
[ "$(tail -n +2 "$scratch/out" | cut -d, -f8,10,12)" = "CVE-2099-0001,P1,yes" ] ||
    fail "findings list --priority P1,P2: $(cat "$scratch/out")"
expect 0 "findings list --kev --json" w findings list --kev --json
expect_json '[f["vulnerability"] for f in j["findings"]]' "['CVE-2099-0001']" "findings list --kev"
expect 0 "findings list --vulnerability" w findings list --vulnerability CVE-2099-0003 --json
expect_json '[(f["hostname"], f["product"], f["version"]) for f in j["findings"]]' \
    "[('ft1-hub-01', 'infusion_hub', '4.2')]" "findings list --vulnerability"
expect 0 "findings list --org of a region" w findings list --org FR1 --json
expect_json 'len(j["findings"])' 3 "findings list --org FR1"
expect 0 "findings list --org of another region" w findings list --org FR2 --json
expect_json 'len(j["findings"])' 0 "findings list --org FR2"
expect 1 "findings list --org of no organisation" w findings list --org NOPE
expect 2 "findings list --json --csv" w findings list --json --csv
expect 2 "findings without a subcommand" w findings

# Explaining.
gateway=$(w findings list --vulnerability CVE-2099-0002 --csv | awk -F, 'NR == 2 { print $1 }')
hub=$(w findings list --vulnerability CVE-2099-0003 --csv | awk -F, 'NR == 2 { print $1 }')
kev=$(w findings list --vulnerability CVE-2099-0001 --csv | awk -F, 'NR == 2 { print $1 }')
expect 0 "findings explain" w findings explain "$kev"
grep -q "versionEndExcluding" "$scratch/out" || fail "findings explain does not show the bound"
expect 0 "findings explain --json" w findings explain "$kev" --json
parses "findings explain --json"
expect_json 'j["vulnerability"], j["status"], j["kev"], j["due_date"]' "('CVE-2099-0001', 'open', True, '2025-12-29')" \
    "findings explain --json"
expect_json '[e["to"] for e in j["events"]]' "['new', 'open']" "findings explain --json events"
expect_json '[r["factor"] for r in j["priority_reasons"]]' "['kev', 'cvss', 'internet-facing']" \
    "findings explain --json reasons"
expect 1 "findings explain of an unknown id" w findings explain 999999
expect 2 "findings explain of an id that is not a number" w findings explain abc
expect 2 "findings explain without an id" w findings explain

# Deciding: refusals first, each changing nothing.
w findings explain "$hub" --json >"$scratch/before.json"
expect 2 "accept without --until" w findings accept "$hub" --reason "segregated" --owner "EBME lead"
expect 2 "accept without --owner" w findings accept "$hub" --reason "segregated" --until "$future"
expect 2 "accept without --reason" w findings accept "$hub" --owner "EBME lead" --until "$future"
expect 1 "accept until a past date" w findings accept "$hub" --reason "segregated" --owner "EBME lead" --until 2000-01-01
expect 1 "accept until a date that is not a date" w findings accept "$hub" --reason "segregated" --owner "EBME lead" --until 2026-13-45
expect 1 "accept with an empty reason" w findings accept "$hub" --reason "" --owner "EBME lead" --until "$future"
expect 1 "accept an unknown id" w findings accept 999999 --reason "segregated" --owner "EBME lead" --until "$future"
expect 2 "false-positive without --reason" w findings false-positive "$gateway"
w findings explain "$hub" --json >"$scratch/after.json"
cmp -s "$scratch/before.json" "$scratch/after.json" || fail "a refused decision changed the finding"

expect 0 "accept" w findings accept "$hub" --reason "segregated on the pump VLAN" --owner "EBME lead" --until "$future" --by "security lead"
expect 0 "findings explain of the accepted risk" w findings explain "$hub" --json
expect_json 'j["status"], j["decision"]["owner"], j["decision"]["until"]' "('accepted', 'EBME lead', '$future')" \
    "the accepted risk"
expect_json 'j["events"][-1]["actor"]' "security lead" "the decision's actor"
expect 0 "false-positive" w findings false-positive "$gateway" --reason "the ward name endpoint is disabled"
expect 0 "findings list --status accepted,false_positive --csv" w findings list --status accepted,false_positive --csv
[ "$(tail -n +2 "$scratch/out" | cut -d, -f8,9 | sort | tr '\n' ' ')" = "CVE-2099-0002,false_positive CVE-2099-0003,accepted " ] ||
    fail "decided findings: $(cat "$scratch/out")"
expect 0 "scan after the decisions" w scan --json
expect_json 'j["open"], j["open_by_priority"]' "(1, {'P1': 1})" "decided findings are not open"

# A fixed finding has nothing to decide.
expect 0 "the upgraded estate" w inventory import --org FT1 "$data/estate-ft1-v3-gateway-2.6.0.csv"
expect 0 "scan after the upgrade" w scan --json
expect_json 'j["fixed"], j["open"]' "(1, 0)" "the upgrade fixes the KEV finding"
w findings explain "$kev" --json >"$scratch/before.json"
expect 1 "accept a fixed finding" w findings accept "$kev" --reason "late" --owner "CIO" --until "$future"
expect 1 "false-positive on a fixed finding" w findings false-positive "$kev" --reason "late"
w findings explain "$kev" --json >"$scratch/after.json"
cmp -s "$scratch/before.json" "$scratch/after.json" || fail "a refused decision changed the fixed finding"
expect 0 "findings list --status fixed --json" w findings list --status fixed --json
expect_json '[(f["vulnerability"], f["fixed_at"] is not None) for f in j["findings"]]' "[('CVE-2099-0001', True)]" \
    "the fixed finding"

finish "scan and findings commands as documented"
