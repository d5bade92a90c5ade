#!/usr/bin/env bash
# `wardround assess export`: the exit statuses the README documents (0 written, 1 refused with
# nothing written, 2 usage error), OSCAL output that parses as JSON and the XLSX file written, of
# the newest revision or an older one (--revision).
#   assess_export_cli.sh WARDROUND FIXTURES SCRATCH
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

expect 1 "export of an unknown assessment" w assess export "${a[@]}" --format oscal -o "$scratch/none.json"
[ ! -e "$scratch/none.json" ] || fail "a refused export left a file"
expect 0 "assess start" w assess start "${a[@]}" --category category-1 --by ian
expect 0 "an answer" w assess answer "${a[@]}" B4.d.A.1 true --by cara --comment "=1+1"
expect 2 "export without -o" w assess export "${a[@]}" --format oscal
expect 2 "export in an unknown format" w assess export "${a[@]}" --format pdf -o "$scratch/x.pdf"
expect 0 "export as OSCAL" w assess export "${a[@]}" --format oscal -o "$scratch/results.json"
cp "$scratch/results.json" "$scratch/out"
parses "the OSCAL export"
expect_json 'j["assessment-results"]["results"][0]["observations"][0]["remarks"]' "=1+1" "the comment"
expect 0 "export as XLSX" w assess export "${a[@]}" --format xlsx -o "$scratch/assessment.xlsx"
[ -s "$scratch/assessment.xlsx" ] || fail "no workbook written"
[ ! -e "$scratch/assessment.xlsx.partial" ] || fail "the temporary file was left behind"

# Revision 1 signed off, revision 2 changing an answer: --revision 1 exports the first as it was.
for item in A2.a.A.1 A2.a.PA.1 E1.a.A.1; do
    expect 0 "answer $item" w assess answer "${a[@]}" "$item" true --by cara
done
for item in A2.a.NA.1 B4.d.NA.1 E1.a.NA.1; do
    expect 0 "answer $item" w assess answer "${a[@]}" "$item" false --by cara
done
expect 0 "sign-off" w assess signoff "${a[@]}" --by sam --role SIRO --statement "A true account."
expect 0 "the next revision" w assess start "${a[@]}" --by ian
expect 0 "a changed answer" w assess answer "${a[@]}" B4.d.A.1 false --by cara
expect 0 "export of revision 1" w assess export "${a[@]}" --revision 1 --format oscal \
    -o "$scratch/revision-1.json" --json
expect_json 'j["revision"], j["status"]' "(1, 'signed-off')" "the revision written"
cp "$scratch/revision-1.json" "$scratch/out"
expect_json 'j["assessment-results"]["metadata"]["version"], [p["value"] for o in j["assessment-results"]["results"][0]["observations"] if o["title"] == "B4.d.A.1" for p in o["props"] if p["name"] == "answer"]' \
    "('1', ['true'])" "revision 1 as signed off"
expect 0 "export of the newest revision" w assess export "${a[@]}" --format oscal -o "$scratch/newest.json"
grep -q "revision 2, draft" "$scratch/err" || fail "the note does not name the revision: $(cat "$scratch/err")"
cp "$scratch/newest.json" "$scratch/out"
expect_json 'j["assessment-results"]["metadata"]["version"]' "2-draft" "the newest revision"
expect 0 "export of revision 1 as XLSX" w assess export "${a[@]}" --revision 1 --format xlsx \
    -o "$scratch/revision-1.xlsx"
[ -s "$scratch/revision-1.xlsx" ] || fail "no workbook of revision 1 written"
expect 1 "export of a revision that does not exist" w assess export "${a[@]}" --revision 9 \
    --format oscal -o "$scratch/revision-9.json"
grep -q "no revision 9" "$scratch/err" || fail "the refusal does not name it: $(cat "$scratch/err")"
[ ! -e "$scratch/revision-9.json" ] || fail "a refused export left a file"
expect 2 "export of revision 0" w assess export "${a[@]}" --revision 0 --format oscal -o "$scratch/r0.json"
expect 2 "export of revision x" w assess export "${a[@]}" --revision x --format oscal -o "$scratch/rx.json"

finish "assess export as documented"
