#!/usr/bin/env bash
# `wardround checks list|show|run|tailor` and their findings: the exit statuses the README
# documents (0 done, 1 failed and nothing changed, 2 usage error), JSON that parses, failures
# recorded as findings that `findings list` and `findings explain` show, a dry run that records
# nothing, a region's run covering the organisations beneath it, and tailoring that sets findings
# aside. Uses the invented fixtures in tests/data/checks; the clock is the real one, so counts that
# age (a device not seen for 30 days) are compared with each other, never with constants.
#   checks_cli.sh WARDROUND FIXTURES SCRATCH
set -u
wardround=$1
fixtures=$2
scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch"
db="$scratch/checks.db"
data="$fixtures/checks"
# shellcheck source=tests/cli/cli_test_lib.sh
source "$(dirname "$0")/cli_test_lib.sh"

w() { "$wardround" --db "$db" "$@"; }

expect 0 "init" w init
expect 0 "organisations" w org import "$data/organisations.csv"
expect 0 "CT1's estate" w inventory import --org CT1 "$data/estate.csv"

expect 0 "checks list --json" w checks list --json
parses "checks list --json"
expect_json '"WR-EOL-001" in [r["id"] for r in j]' True "checks list names WR-EOL-001"
expect 0 "checks show" w checks show WR-NET-001
grep -q "remediation" "$scratch/out" || fail "checks show has no remediation"
expect 1 "checks show of an unknown rule" w checks show WR-NOPE-001
expect 1 "checks run of an unknown organisation" w checks run --org NOPE
expect 1 "checks run of an unknown rule" w checks run --org CT1 --rule WR-NOPE-001
expect 2 "checks run with an unknown option" w checks run --everything
expect 2 "checks without a subcommand" w checks

# Refusals and dry runs record nothing.
expect 0 "checks run --dry-run --json" w checks run --org CT1 --dry-run --json
parses "checks run --dry-run --json"
expect_json 'j["recorded"], j["organisations"][0]["findings"]' "(False, None)" "a dry run records nothing"
expect 0 "findings list after the dry run" w findings list --json
expect_json 'len(j["findings"])' 0 "findings after a dry run"

# A region's run covers CT1 beneath it; CT2 has no assets and is not run.
expect 0 "checks run --org of the region --json" w checks run --org CR1 --json
parses "checks run --json"
expect_json '[o["organisation"] for o in j["organisations"]]' "['CT1']" "the organisations run"
failed=$(json_value 'sum(r["failed"] for r in j["organisations"][0]["rules"])')
expect_json 'j["organisations"][0]["findings"]["new"]' "$failed" "one finding per failed result"
expect_json 'j["organisations"][0]["findings"]["open"]' "$failed" "open check findings"
expect_json '[r["rule"] for r in j["organisations"][0]["results"] if r["hostname"] == "ward-pc-01" and r["result"] == "failed" and r["rule"] in ("WR-EOL-001", "WR-NET-001", "WR-END-001")]' \
    "['WR-END-001', 'WR-NET-001', 'WR-EOL-001']" "ward-pc-01's failures"

expect 0 "findings list --json" w findings list --org CR1 --json
expect_json 'len([f for f in j["findings"] if f["source"] == "check"])' "$failed" "check findings listed"
expect_json '[(f["priority"], f["product"]) for f in j["findings"] if f["vulnerability"] == "WR-NET-001"]' \
    "[('P2', 'SMBv1 enabled')]" "a high rule's finding is P2, named by its title"
smb=$(w findings list --vulnerability WR-NET-001 --csv | awk -F, 'NR == 2 { print $1 }')
expect 0 "findings explain of a check finding" w findings explain "$smb"
for text in "rule WR-NET-001" "the facts that failed it" 'smb1 = "enabled"' "remediation:" "evidence for:"; do
    grep -qF "$text" "$scratch/out" || fail "findings explain lacks '$text': $(cat "$scratch/out")"
done
expect 0 "findings explain --json of a check finding" w findings explain "$smb" --json
expect_json 'j["source"], j["match"]["check"]["rule"], [e["actor"] for e in j["events"]]' \
    "('check', 'WR-NET-001', ['check'])" "findings explain --json of a check finding"

# Tailoring: refused without a reason; turning a rule off sets its findings aside on the next run.
expect 2 "tailor without --reason" w checks tailor WR-EOL-001 --org CT1 --disable --by "CISO"
expect 1 "tailor of an unknown rule" w checks tailor WR-NOPE-001 --org CT1 --disable --reason "x" --by "CISO"
expect 0 "tailor --disable" w checks tailor WR-EOL-001 --org CT1 --disable --reason "isolated network" --by "CISO"
expect 0 "checks run after tailoring" w checks run --org CT1 --json
expect_json 'j["organisations"][0]["findings"]["set_aside"], j["organisations"][0]["disabled"]' \
    "(3, ['WR-EOL-001: isolated network'])" "the turned-off rule's findings set aside"
expect 0 "findings list --status not_affected" w findings list --status not_affected --json
expect_json 'sorted(f["hostname"] for f in j["findings"])' "['pacs-01', 'theatre-pc-03', 'ward-pc-01']" \
    "the findings set aside"
expect 0 "checks run in text" w checks run
grep -q "turned off by CT1: WR-EOL-001: isolated network" "$scratch/out" || fail "the text output does not say what is turned off"

finish "checks commands as documented"
