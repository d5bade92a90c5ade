#!/usr/bin/env bash
# `wardround assess`: a small assessment from start to sign-off against the invented CAF-aligned
# DSPT fixture, with the exit statuses the README documents (0 done, 1 failed and nothing changed,
# 2 usage error), JSON that parses, evidence expiry, the improvement plan, read-only after sign-off
# and the next revision.
#   assess_cli.sh WARDROUND FIXTURES SCRATCH
set -u
wardround=$1
fixtures=$2
scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch"
db="$scratch/assess.db"
# shellcheck source=tests/cli/cli_test_lib.sh
source "$(dirname "$0")/cli_test_lib.sh"

w() { "$wardround" --db "$db" "$@"; }
a=(--org CT1 --framework DSPT-CAF-2024-25 --period 2024-25)

expect 0 "init" w init
expect 0 "org import" w org import "$fixtures/checks/organisations.csv"
expect 0 "framework import of the CAF" w framework import "$fixtures/frameworks/caf-3.2-mini.yaml"
expect 0 "framework import of the extension" w framework import "$fixtures/frameworks/dspt-caf-mini.yaml"

expect 2 "assess without a subcommand" w assess
expect 2 "assess start without --by" w assess start "${a[@]}"
expect 1 "assess start for an unknown organisation" w assess start --org NOPE1 --framework DSPT-CAF-2024-25 --period 2024-25 --by ian
expect 1 "assess start with an unknown category" w assess start "${a[@]}" --category category-9 --by ian
expect 0 "assess start" w assess start "${a[@]}" --category category-1 --by ian --json
expect_json 'j["revision"], j["status"]' "(1, 'draft')" "the first revision"
expect 1 "a second draft" w assess start "${a[@]}" --by ian

expect 0 "assess owner" w assess owner "${a[@]}" B4.d --owner cara.cyber
expect 1 "an owner for an unknown node" w assess owner "${a[@]}" Z9 --owner x
expect 1 "an answer outside the vocabulary" w assess answer "${a[@]}" A2.a.A.1 met --by cara
expect 1 "not applicable without a reason" w assess answer "${a[@]}" A2.a.A.1 not-applicable --by cara
for item in A2.a.A.1 A2.a.PA.1 B4.d.A.1 E1.a.A.1; do
    expect 0 "answer $item" w assess answer "${a[@]}" "$item" true --by cara
done
for item in A2.a.NA.1 B4.d.NA.1; do
    expect 0 "answer $item" w assess answer "${a[@]}" "$item" false --by cara
done

echo "patch report" >"$scratch/patching.txt"
expect 0 "evidence add of a file" w assess evidence add "${a[@]}" --file "$scratch/patching.txt" \
    --title "Patch compliance report" --effective 2025-01-02 --expires 2025-01-31 \
    --collected-by cara --from "the patch console" --item B4.d.A.1 --json
expect_json 'j["key"], j["items"]' "('EV-1', ['B4.d.A.1'])" "the stored file"
expect 1 "evidence with a future effective date" w assess evidence add "${a[@]}" --note x --title x \
    --effective 2999-01-01 --collected-by cara
expect 2 "evidence with two kinds" w assess evidence add "${a[@]}" --note x --link https://x.example \
    --title x --effective 2025-01-01 --collected-by cara
expect 0 "evidence list" w assess evidence list "${a[@]}" --json
expect_json '[(e["key"], e["expired"]) for e in j["evidence"]]' "[('EV-1', True)]" \
    "January's report has expired by now"

expect 0 "assess status" w assess status "${a[@]}" --json
parses "assess status"
expect_json '[n["status"] for n in j["nodes"] if n["id"] == "B4.d"]' "['achieved']" "B4.d achieved"
expect_json '[i["support"] for n in j["nodes"] for i in n["items"] if i["id"] == "B4.d.A.1"]' \
    "['unsupported']" "an answer whose only evidence expired"
expect_json 'j["required"] - j["required_answered"]' "1" "one required item open"
expect 0 "assess status as text" w assess status "${a[@]}"

expect 0 "plan add" w assess plan add "${a[@]}" --item A2.b.A.1 --action "Test the controls" \
    --owner cara --due 2099-09-30 --by ian --json
expect_json 'j["number"], j["status"]' "(1, 'open')" "the plan item"
expect 1 "plan drop without a note" w assess plan drop "${a[@]}" 1 --by ian
expect 0 "plan list" w assess plan list "${a[@]}" --json
expect_json 'len(j["plan"])' "1" "the plan"

expect 1 "sign-off with a mandatory item unanswered" w assess signoff "${a[@]}" --by sam --role SIRO \
    --statement "A true account."
grep -q "E1.a.NA.1" "$scratch/err" || fail "the refusal does not name the item: $(cat "$scratch/err")"
expect 0 "answer the last one" w assess answer "${a[@]}" E1.a.NA.1 false --by cara
expect 0 "sign-off" w assess signoff "${a[@]}" --by sam --role SIRO --statement "A true account." --json
expect_json 'j["status"], j["signer_role"]' "('signed-off', 'SIRO')" "the signed-off revision"
expect 1 "an answer after sign-off" w assess answer "${a[@]}" A2.a.A.1 false --by cara
grep -q "read-only" "$scratch/err" || fail "the refusal does not say why: $(cat "$scratch/err")"
expect 1 "a plan item after sign-off" w assess plan done "${a[@]}" 1 --by ian
expect 1 "propose after sign-off" w assess propose "${a[@]}"
grep -q "read-only" "$scratch/err" || fail "the refusal does not say why: $(cat "$scratch/err")"

expect 0 "the next revision" w assess start "${a[@]}" --by ian --json
expect_json 'j["revision"], j["status"], j["category"]' "(2, 'draft', 'category-1')" "revision 2"
expect 0 "status of revision 2" w assess status "${a[@]}" --json
expect_json 'j["answered"], j["plan_open"]' "(7, 1)" "the copied answers and plan"

# Proposals and projection, on the built-in frameworks (the mini ones above replace them) and ET1's
# estate of the auto-evidence fixtures, whose Windows 7 PCs make the supported-OS share propose
# false for B4.d.A.4.
db="$scratch/propose.db"
c=(--org ET1 --framework CAF-3.2 --period 2026-27)
expect 0 "init (proposals)" w init
expect 0 "org import (proposals)" w org import "$fixtures/assess/evidence/organisations.csv"
expect 0 "ET1's estate" w inventory import --org ET1 "$fixtures/assess/evidence/inventory-et1-v1.csv"
expect 0 "assess start (CAF)" w assess start "${c[@]}" --by ian
expect 1 "accept before any proposal" w assess answer "${c[@]}" B4.d.A.4 --accept-proposal --by cara
expect 0 "assess propose" w assess propose "${c[@]}" --json
parses "assess propose"
expect_json '[(i["proposed"], i["standing"]) for i in j["items"] if i["item"] == "B4.d.A.4"]' \
    "[('false', 'unanswered')]" "B4.d.A.4 proposed false"
expect_json 'all(":" not in i["item"] for i in j["items"]) and j["stored"] > 0' True \
    "proposals kept for the CAF's own items"
expect 0 "assess propose as text" w assess propose "${c[@]}"
grep -q "B4.d.A.4: proposes false" "$scratch/out" || fail "propose text: $(head -5 "$scratch/out")"
expect 0 "accept the proposal" w assess answer "${c[@]}" B4.d.A.4 --accept-proposal --by cara --json
expect_json 'j["value"], j["proposal_id"] is not None' "('false', True)" "the accepted proposal"
expect 1 "override without a reason" w assess answer "${c[@]}" B4.d.A.4 true --by cara
grep -q "needs --reason" "$scratch/err" || fail "the refusal does not say why: $(cat "$scratch/err")"
expect 0 "override with a reason" w assess answer "${c[@]}" B4.d.A.4 true --by cara \
    --reason "The Windows 7 PCs were replaced this week"
expect 0 "propose again" w assess propose "${c[@]}" --json
expect_json '[i["standing"] for i in j["items"] if i["item"] == "B4.d.A.4"]' "['differs']" \
    "the answer differs from the proposal"

for item in B4.d.A.1 B4.d.A.2 B4.d.A.3; do
    expect 0 "answer $item" w assess answer "${c[@]}" "$item" true --by cara --reason "checked"
done
for item in B4.d.NA.1 B4.d.NA.2 B4.d.NA.3 B4.d.NA.4 B4.d.NA.5; do
    expect 0 "answer $item" w assess answer "${c[@]}" "$item" false --by cara --reason "checked"
done
expect 0 "assess project --to CE-3.2" w assess project "${c[@]}" --to CE-3.2 --json
parses "assess project"
expect_json '[(p["target"], p["covered"], p["partial"] > 0, p["total"] == p["covered"] + p["partial"] + p["gaps"]) for p in j["projections"]]' \
    "[('CE-3.2', 0, True, True)]" "partial Cyber Essentials coverage from B4.d"
expect_json '[n["coverage"] for p in j["projections"] for n in p["nodes"] if n["node"] == "SUM.4"]' \
    "['partial']" "SUM.4 partial through B4.d"
expect 0 "assess project as text" w assess project "${c[@]}" --to CE-3.2
expect 0 "assess project to every reachable framework" w assess project "${c[@]}" --json
expect_json 'len(j["projections"]) >= 1 and len(j["unavailable"]) >= 1' True \
    "the reachable frameworks, and the CSF crosswalks unavailable"
expect 1 "assess project to an unknown framework" w assess project "${c[@]}" --to NOPE-1
grep -q "CE-3.2" "$scratch/err" || fail "the refusal does not name the frameworks: $(cat "$scratch/err")"
expect 1 "assess project to a framework no crosswalk reaches" w assess project "${c[@]}" --to ISO-27001-2022
expect 2 "assess project without --org" w assess project --framework CAF-3.2 --period 2026-27

finish "assess commands as documented"
