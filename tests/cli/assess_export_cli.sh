#!/usr/bin/env bash
# `wardround assess export`: the exit statuses the README documents (0 written, 1 refused with
# nothing written, 2 usage error), OSCAL output that parses as JSON and the XLSX file written.
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

finish "assess export as documented"
