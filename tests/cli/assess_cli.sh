#!/usr/bin/env bash
# `wardround assess`: a small assessment from start to sign-off against the invented CAF-aligned
# DSPT fixture, with the exit statuses the README documents (0 done, 1 failed and nothing changed,
# 2 usage error), JSON that parses, evidence expiry, revisions and links, the improvement plan,
# read-only after sign-off and the next revision; certifications lifting a classic DSPT assessment
# to Standards Exceeded while their evidence is current.
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

expect 0 "assess owner" w assess owner "${a[@]}" B4.d --owner cara.cyber --json
expect_json 'j["node"], j["owner"], j["by"]' "('B4.d', 'cara.cyber', 'cara.cyber')" "the owner"
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

# A revision given only a new expiry keeps the file; the answer is supported again.
expect 0 "evidence revise with a new expiry" w assess evidence revise "${a[@]}" EV-1 \
    --expires 2099-01-31 --by gina --reason "the report was re-run and still holds" --json
expect_json 'j["key"], j["revision"], j["kind"], j["expires_on"], j["revised_by"], j["items"]' \
    "('EV-1', 2, 'file', '2099-01-31', 'gina', ['B4.d.A.1'])" "the second revision"
expect 0 "status after the revision" w assess status "${a[@]}" --json
expect_json '[i["support"] for n in j["nodes"] for i in n["items"] if i["id"] == "B4.d.A.1"]' \
    "['supported']" "the revised evidence supports the answer again"
expect 1 "a revision of unknown evidence" w assess evidence revise "${a[@]}" EV-9 --title x \
    --by gina --reason x
grep -q "has no evidence EV-9" "$scratch/err" || fail "the refusal does not name it: $(cat "$scratch/err")"
expect 1 "a revision changing nothing" w assess evidence revise "${a[@]}" EV-1 --by gina --reason x
grep -q "nothing to revise" "$scratch/err" || fail "the refusal does not say why: $(cat "$scratch/err")"
expect 1 "an expiry with no expiry" w assess evidence revise "${a[@]}" EV-1 --expires 2099-02-01 \
    --no-expiry --by gina --reason x
expect 1 "an expiry before the kept effective date" w assess evidence revise "${a[@]}" EV-1 \
    --expires 2024-12-31 --by gina --reason x
expect 2 "a revision without a reason" w assess evidence revise "${a[@]}" EV-1 --title x --by gina
expect 2 "a revision with two kinds" w assess evidence revise "${a[@]}" EV-1 --note x \
    --link https://x.example --by gina --reason x

# Links: evidence added without items, linked and unlinked.
expect 0 "evidence add without items" w assess evidence add "${a[@]}" --note "Seen at the audit" \
    --title "Risk register review" --effective 2025-01-05 --collected-by gina --json
expect_json 'j["key"], j["items"]' "('EV-2', [])" "the unlinked evidence"
expect 0 "evidence link" w assess evidence link "${a[@]}" EV-2 --item A2.a.A.1 \
    --item DSPT-CAF-2024-25:A2.a.PA.1 --by gina --json
expect_json 'j["items"]' "['A2.a.A.1', 'A2.a.PA.1']" "the linked items"
expect 0 "evidence unlink" w assess evidence unlink "${a[@]}" EV-2 --item A2.a.PA.1 --json
expect_json 'j["items"]' "['A2.a.A.1']" "the item left linked"
expect 0 "evidence link as text" w assess evidence link "${a[@]}" EV-2 --item A2.a.PA.1 --by gina
grep -q "EV-2 revision 1: .*linked to A2.a.A.1, A2.a.PA.1" "$scratch/out" \
    || fail "link text: $(cat "$scratch/out")"
expect 1 "a link to unknown evidence" w assess evidence link "${a[@]}" EV-9 --item A2.a.A.1 --by gina
grep -q "has no evidence EV-9" "$scratch/err" || fail "the refusal does not name it: $(cat "$scratch/err")"
expect 1 "a link to an item not in the framework" w assess evidence link "${a[@]}" EV-2 --item 1.1.1 \
    --by gina
grep -q "has no item 1.1.1" "$scratch/err" || fail "the refusal does not name it: $(cat "$scratch/err")"
expect 2 "a link without an item" w assess evidence link "${a[@]}" EV-2 --by gina
expect 2 "a link by no one" w assess evidence link "${a[@]}" EV-2 --item A2.a.A.1
expect 1 "an unlink of an item not linked" w assess evidence unlink "${a[@]}" EV-2 --item B4.d.A.1
grep -q "EV-2 is not linked to B4.d.A.1" "$scratch/err" || fail "unlink refusal: $(cat "$scratch/err")"

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
for command in "revise EV-1 --title x --by gina --reason x" "link EV-2 --item B4.d.A.1 --by gina" \
    "unlink EV-2 --item A2.a.A.1"; do
    # shellcheck disable=SC2086 # the words of each command are meant to split
    expect 1 "evidence $command after sign-off" w assess evidence $command "${a[@]}"
    grep -q "read-only" "$scratch/err" || fail "the refusal does not say why: $(cat "$scratch/err")"
done

expect 0 "the next revision" w assess start "${a[@]}" --by ian --json
expect_json 'j["revision"], j["status"], j["category"]' "(2, 'draft', 'category-1')" "revision 2"
expect 0 "status of revision 2" w assess status "${a[@]}" --json
expect_json 'j["answered"], j["plan_open"]' "(7, 1)" "the copied answers and plan"

# Certifications, on the invented classic DSPT (1.1.1 mandatory for category 1 in 2023-24).
s=(--org CT1 --framework TEST-STANDARDS-2023-24 --period 2023-24)
expect 0 "framework import of the standards" w framework import "$fixtures/frameworks/standards-mini.yaml"
expect 0 "assess start (standards)" w assess start "${s[@]}" --category category-1 --by ian
expect 0 "answer 1.1.1" w assess answer "${s[@]}" 1.1.1 met --by gina
expect 0 "status before any certification" w assess status "${s[@]}" --json
expect_json 'j["dspt_status"], j["certifications"]' "('Standards Met', [])" "Standards Met"
expect 0 "the certificate" w assess evidence add "${s[@]}" --note "CE+ certificate 1234" \
    --title "Cyber Essentials Plus certificate" --effective 2024-07-01 --expires 2099-06-30 \
    --collected-by gina --json
expect_json 'j["key"]' "EV-3" "the certificate's key"
expect 2 "certify without --evidence or --withdraw" w assess certify "${s[@]}" \
    --cert cyber-essentials-plus --by ian
expect 2 "certify with both" w assess certify "${s[@]}" --cert cyber-essentials-plus --evidence EV-3 \
    --withdraw --by ian
expect 2 "an unknown certification" w assess certify "${s[@]}" --cert ce-gold --evidence EV-3 --by ian
expect 1 "a certification on unknown evidence" w assess certify "${s[@]}" --cert cyber-essentials-plus \
    --evidence EV-9 --by ian
grep -q "has no evidence EV-9" "$scratch/err" || fail "the refusal does not name it: $(cat "$scratch/err")"
expect 1 "a certification on an outcomes framework" w assess certify "${a[@]}" \
    --cert cyber-essentials-plus --evidence EV-3 --by ian
grep -q "standards framework" "$scratch/err" || fail "the refusal does not say why: $(cat "$scratch/err")"
expect 0 "certify" w assess certify "${s[@]}" --cert cyber-essentials-plus --evidence EV-3 --by ian --json
expect_json 'j["certification"], j["evidence"], j["counts"]' \
    "('cyber-essentials-plus', 'EV-3', True)" "the declaration"
expect 1 "a certification declared twice" w assess certify "${s[@]}" --cert cyber-essentials-plus \
    --evidence EV-3 --by ian
grep -q "already declared" "$scratch/err" || fail "the refusal does not say why: $(cat "$scratch/err")"
expect 0 "status with a current certification" w assess status "${s[@]}" --json
expect_json 'j["dspt_status"], [(c["certification"], c["counts"]) for c in j["certifications"]]' \
    "('Standards Exceeded', [('cyber-essentials-plus', True)])" "Standards Exceeded"
expect 0 "status with a certification as text" w assess status "${s[@]}"
grep -q "certification cyber-essentials-plus declared on EV-3 by ian: counts" "$scratch/out" \
    || fail "status text: $(cat "$scratch/out")"
# The certificate lapsed: its evidence expired, so it no longer counts.
expect 0 "the certificate's evidence expires" w assess evidence revise "${s[@]}" EV-3 \
    --expires 2024-12-31 --by gina --reason "not renewed"
expect 0 "status with an expired certification" w assess status "${s[@]}" --json
expect_json 'j["dspt_status"], [(c["counts"], c["why"]) for c in j["certifications"]]' \
    "('Standards Met', [(False, 'EV-3 expired (its last day was 2024-12-31)')])" "back to Met"
# The same certificate, renewed and linked from the CAF-aligned DSPT's next revision.
expect 0 "the certificate renewed" w assess evidence revise "${s[@]}" EV-3 --effective 2025-01-10 \
    --expires 2099-12-31 --by gina --reason "renewed"
expect 0 "link the other assessment's evidence" w assess evidence link "${a[@]}" EV-3 \
    --item B4.d.A.1 --by gina --json
expect_json 'j["key"], j["items"]' "('EV-3', ['B4.d.A.1'])" "linked across assessments"
expect 1 "a withdrawal without a reason" w assess certify "${s[@]}" --cert cyber-essentials-plus \
    --withdraw --by ian
expect 0 "withdraw" w assess certify "${s[@]}" --cert cyber-essentials-plus --withdraw \
    --reason "the scope changed" --by ian --json
expect_json 'j["withdrawn_by"], j["withdrawal_reason"]' "('ian', 'the scope changed')" "withdrawn"
expect 1 "a withdrawal of what is not declared" w assess certify "${s[@]}" \
    --cert cyber-essentials-plus --withdraw --reason x --by ian
grep -q "is not declared" "$scratch/err" || fail "the refusal does not say why: $(cat "$scratch/err")"
expect 0 "certify again" w assess certify "${s[@]}" --cert iso-27001 --evidence EV-3 --by ian
expect 0 "sign-off (standards)" w assess signoff "${s[@]}" --by sam --role SIRO --statement "True."
expect 1 "certify after sign-off" w assess certify "${s[@]}" --cert cyber-essentials-plus \
    --evidence EV-3 --by ian
grep -q "read-only" "$scratch/err" || fail "the refusal does not say why: $(cat "$scratch/err")"
expect 0 "the next revision (standards)" w assess start "${s[@]}" --by ian
expect 0 "status of the next revision" w assess status "${s[@]}" --json
expect_json 'j["assessment"]["revision"], j["dspt_status"], [c["certification"] for c in j["certifications"]]' \
    "(2, 'Standards Exceeded', ['iso-27001'])" "the certification copied"

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
