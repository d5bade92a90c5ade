#!/usr/bin/env bash
# A trust completes the CAF-aligned DSPT 2024-25 for the period from the command line, on the
# built-in frameworks: its estate and findings make Wardround propose answers, people confirm or
# override them, evidence with dates backs them, the improvement plan takes the shortfalls, the
# answers project onto Cyber Essentials, the NIST CSF and ISO 27001, the SIRO signs off, and the
# OSCAL and XLSX exports open: the workbook in LibreOffice Calc, as an assessor would open it.
#   assess_dspt_caf_cli.sh WARDROUND FIXTURES SHARED_DATA SCRATCH
set -u
wardround=$1
fixtures=$2
shared=$3
scratch=$4
rm -rf "$scratch" && mkdir -p "$scratch"
db="$scratch/dspt.db"
# shellcheck source=tests/cli/cli_test_lib.sh
source "$(dirname "$0")/cli_test_lib.sh"

w() { "$wardround" --db "$db" "$@"; }
a=(--org ET1 --framework DSPT-CAF-2024-25 --period 2024-25)
evidence="$fixtures/assess/evidence"

# The estate: ET1's inventory and device register, scanned against the invented knowledge base,
# then the hygiene checks.
expect 0 "init" w init
expect 0 "organisations" w org import "$evidence/organisations.csv"
expect 0 "the knowledge base" w feeds import "$fixtures/findings/nvd-page.json" \
    "$fixtures/findings/kev.json" "$fixtures/findings/epss.csv"
expect 0 "ET1's inventory" w inventory import --org ET1 "$evidence/inventory-et1-v1.csv"
expect 0 "ET1's device register" w inventory import --org ET1 --format device-register \
    "$evidence/devices-et1.csv"
expect 0 "scan" w scan --org ET1
expect 0 "checks run" w checks run --org ET1

csf="$shared/frameworks/nist-csf-2.0/NIST_CSF_v2.0_catalog.xml"
if [ -f "$csf" ]; then
    expect 0 "the NIST CSF 2.0 catalogue" w framework import "$csf"
elif [ "${WARDROUND_REQUIRE_SHARED_DATA:-0}" = 1 ]; then
    fail "$csf is missing and WARDROUND_REQUIRE_SHARED_DATA=1"
fi

expect 0 "assess start" w assess start "${a[@]}" --category category-1 --by ian.governance --json
expect_json 'j["framework"], j["revision"], j["status"]' "('DSPT-CAF-2024-25', 1, 'draft')" \
    "the draft"
for outcome in A2.a A4.a B2.a B4.d C1.a D1.a E2.b E3.a; do
    expect 0 "owner of $outcome" w assess owner "${a[@]}" "$outcome" --owner cara.cyber
done

# Proposals from the estate: the Windows 7 PCs make the supported-OS share propose false for B4.d.A.4.
expect 0 "assess propose" w assess propose "${a[@]}" --json
expect_json '[(i["proposed"], i["standing"]) for i in j["items"] if i["item"] == "B4.d.A.4"]' \
    "[('false', 'unanswered')]" "B4.d.A.4 proposed false from the estate"
proposed=$(json_value '" ".join(i["item"] for i in j["items"] if i["proposed"] in ("true", "false"))')
[ -n "$proposed" ] || fail "nothing was proposed"
for item in $proposed; do
    expect 0 "accept the proposal for $item" w assess answer "${a[@]}" "$item" --accept-proposal \
        --by cara.cyber
done

# Every other required item answered in one file, as a team fills the workbook's Answers sheet:
# the trust holds all but the not-achieved indicators, and has no procedure for consent withdrawals
# yet (E2.b partially achieved).
expect 0 "status before answering" w assess status "${a[@]}" --json
python3 - "$scratch/out" >"$scratch/answers.csv" <<'EOF_PY'
import csv, json, sys
status = json.load(open(sys.argv[1]))
out = csv.writer(sys.stdout)
out.writerow(["Item", "Node", "Answer", "Reason", "Comment"])
for node in status["nodes"]:
    for item in node["items"]:
        if not item["required"] or item["value"]:
            continue
        value = {"E2.b": "partially-achieved", "E3.a": "achieved"}.get(item["id"])
        value = value or ("FALSE" if ".NA." in item["id"] else "TRUE")
        out.writerow([item["id"], node["id"], value, "", "checked by the cyber team"])
EOF_PY
expect 1 "an answers file with a bad row" w assess import-answers "${a[@]}" \
    "$fixtures/assess/answers/bad-twice.csv" --by cara.cyber
grep -q "bad-twice.csv line 3" "$scratch/err" || fail "the refusal does not name the line: $(cat "$scratch/err")"
expect 0 "the answers file" w assess import-answers "${a[@]}" "$scratch/answers.csv" \
    --by cara.cyber --json
expect_json 'j["answered"] > 80, j["unchanged"]' "(True, 0)" "the file's answers recorded"
expect 0 "the same file again" w assess import-answers "${a[@]}" "$scratch/answers.csv" \
    --by cara.cyber --json
expect_json 'j["answered"]' "0" "an unchanged file adds no history"

# Evidence with dates: this year's penetration test, current; last year's policy, expired.
echo "Penetration test summary for ET1" >"$scratch/pentest.txt"
expect 0 "evidence: the penetration test" w assess evidence add "${a[@]}" \
    --file "$scratch/pentest.txt" --title "Penetration test 2024" --effective 2024-11-04 \
    --expires 2099-11-03 --collected-by cara.cyber --from "the supplier's portal" \
    --item B4.d.A.1 --item B4.d.A.2 --json
expect_json 'j["key"], j["sha256"], j["size_bytes"]' \
    "('EV-1', '$(sha256sum <"$scratch/pentest.txt" | cut -d' ' -f1)', 33)" "the stored file"
expect 0 "evidence: last year's policy" w assess evidence add "${a[@]}" \
    --link https://intranet.example/policies/vulnerability-2023 --title "Vulnerability policy 2023" \
    --effective 2023-04-01 --expires 2024-03-31 --collected-by ian.governance --item A2.a.A.1
expect 0 "evidence list" w assess evidence list "${a[@]}" --json
expect_json '[(e["key"], e["expired"]) for e in j["evidence"]]' "[('EV-1', False), ('EV-2', True)]" \
    "expired evidence flagged"

expect 0 "plan: consent withdrawals" w assess plan add "${a[@]}" --item E2.b \
    --action "Record and honour consent withdrawals" --owner ian.governance --due 2099-03-31 \
    --by ian.governance

expect 0 "assess status" w assess status "${a[@]}" --json
expect_json 'j["required"] == j["required_answered"] and j["required"] > 90' True \
    "every required item answered"
expect_json '[(n["id"], n["status"], n["complete"]) for n in j["nodes"] if n["id"] in ("B4.d", "E2.b")]' \
    "[('B4.d', 'not-achieved', True), ('E2.b', 'partially-achieved', True)]" \
    "B4.d not achieved on the estate's proposal; E2.b partially achieved"
expect_json '[i["support"] for n in j["nodes"] for i in n["items"] if i["id"] == "A2.a.A.1"]' \
    "['unsupported']" "an answer resting on expired evidence"
expect_json 'j["plan_open"]' "1" "the plan item"

# Projection: Cyber Essentials and the NIST CSF through the CAF 3.2 crosswalks the DSPT inherits;
# the classic DSPT through its own crosswalk; ISO 27001 in two steps through the CSF, where every
# built-in relation is `intersects`, which composed says nothing certain: all gaps, and said so.
expect 0 "assess project" w assess project "${a[@]}" --json
parses "assess project"
expect_json 'sorted(p["target"] for p in j["projections"])' \
    "['CE-3.2', 'CSF-2.0', 'DSPT-2023-24', 'ISO-27001-2022']" "every mapped framework"
expect_json 'all(p["total"] == p["covered"] + p["partial"] + p["gaps"] for p in j["projections"])' \
    True "coverage adds up"
expect_json '[(p["target"], p["covered"] + p["partial"] > 0) for p in j["projections"] if p["target"] in ("CE-3.2", "CSF-2.0")]' \
    "[('CE-3.2', True), ('CSF-2.0', True)]" "the DSPT's answers reach Cyber Essentials and the CSF"
expect_json '[(p["gaps"] == p["total"], p["compositions_dropped"] > 0, "via CSF-2.0" in " ".join(p["crosswalks"])) for p in j["projections"] if p["target"] == "ISO-27001-2022"]' \
    "[(True, True, True)]" "ISO 27001 through the CSF, and why it is all gaps"
expect 0 "assess project --to CE-3.2 as text" w assess project "${a[@]}" --to CE-3.2
grep -q "inherited by DSPT-CAF-2024-25" "$scratch/out" || fail "the text does not say the crosswalk is inherited"

expect 0 "sign-off" w assess signoff "${a[@]}" --by sam.siro --role SIRO \
    --statement "A true account of our position." --json
expect_json 'j["status"], j["signed_off_by"]' "('signed-off', 'sam.siro')" "signed off"
expect 1 "an answer after sign-off" w assess answer "${a[@]}" B4.d.A.4 true --by cara.cyber \
    --reason "changed our mind"

# The exports.
expect 0 "export as OSCAL" w assess export "${a[@]}" --format oscal -o "$scratch/results.json"
cp "$scratch/results.json" "$scratch/out"
parses "the OSCAL export"
expect_json 'j["assessment-results"]["metadata"]["oscal-version"], len(j["assessment-results"]["results"][0]["attestations"])' \
    "('1.1.2', 1)" "an OSCAL document with the sign-off"
expect 0 "export as XLSX" w assess export "${a[@]}" --format xlsx -o "$scratch/dspt.xlsx"

# LibreOffice Calc opens the workbook and writes each sheet out as CSV.
mkdir -p "$scratch/calc"
if HOME="$scratch/calc-home" soffice --headless --norestore --convert-to \
    'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
    --outdir "$scratch/calc" "$scratch/dspt.xlsx" >"$scratch/calc.log" 2>&1; then
    for sheet in Summary Outcomes Answers Evidence "Improvement plan"; do
        [ -s "$scratch/calc/dspt-$sheet.csv" ] || fail "LibreOffice wrote no $sheet sheet"
    done
    python3 - "$scratch/calc" <<'EOF' || fail "the workbook as LibreOffice reads it"
import csv, sys
sheets = sys.argv[1] + "/dspt-"
summary = dict(row[:2] for row in csv.reader(open(sheets + "Summary.csv")) if len(row) >= 2)
assert summary["Organisation"] == "ET1" and summary["Status"] == "signed-off", summary
outcomes = {row["Id"]: row for row in csv.DictReader(open(sheets + "Outcomes.csv"))}
assert outcomes["E2.b"]["Status"] == "partially-achieved", outcomes["E2.b"]
answers = list(csv.DictReader(open(sheets + "Answers.csv")))
assert len(answers) > 90, len(answers)
plan = list(csv.DictReader(open(sheets + "Improvement plan.csv")))
assert [p["What"] for p in plan] == ["Record and honour consent withdrawals"], plan
EOF
else
    fail "LibreOffice could not open the workbook: $(cat "$scratch/calc.log")"
fi

finish "the CAF-aligned DSPT completed end to end"
