#!/usr/bin/env bash
# End to end: the demo trust's estate (data/demo) scanned against the demo knowledge pack, a
# self-assessment of the trust begun (one outcome not achieved, evidence expired and expiring, a
# plan item overdue; its site has none), its report written as HTML and JSON, and the page rendered
# by a headless Chromium with networking off. The rendered page must show the headline figures and
# the assessment's row as the JSON gives them, and the demo notice; and the sections must be visible
# once laid out (report_visible.mjs, which drives the same chromium with playwright-core from
# tests/web and leaves a screenshot of each in WORK). scripts/setup installs chromium, Node.js and
# npm, and playwright-core with `npm ci` in tests/web, so the test fails when any is missing.
#
#   report_browser.sh WARDROUND_BINARY WORK_FOLDER
set -euo pipefail
cd "$(dirname "$0")/../../.."

wardround=$1
work=$2
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "FAIL: chromium is not installed; scripts/setup installs it (Debian's chromium)" >&2
    exit 1
fi
if ! command -v node >/dev/null; then
    echo "FAIL: Node.js is not installed; scripts/setup installs it (Debian's nodejs and npm)" >&2
    exit 1
fi
if [ ! -e tests/web/node_modules/playwright-core/package.json ]; then
    echo "FAIL: playwright-core is not installed in tests/web; scripts/setup runs 'npm ci' there" >&2
    exit 1
fi

rm -rf "$work"
mkdir -p "$work"
db=$work/report.db
run() { "$wardround" --db "$db" "$@"; }
allowing_diagnostics() { run "$@" || [ $? -eq 3 ]; }

run init >/dev/null
allowing_diagnostics org import data/demo/organisations.csv >/dev/null
allowing_diagnostics feeds import data/demo/kb data/demo/epss.csv >/dev/null
estate=data/demo/inventory
allowing_diagnostics inventory import --org DEMO1 "$estate/defender-machines.json" \
    "$estate/defender-software.json" "$estate/scan-2025-11-18.xml" \
    "$estate/device-register.csv" "$estate/workstations.csv" >/dev/null
run scan --org DEMO1 >/dev/null
# The assessment's dates follow today's, the report date: evidence that expired yesterday and some
# that expires in ten days, a plan item due yesterday.
yesterday=$(date -u -d yesterday +%F)
in_ten_days=$(date -u -d '+10 days' +%F)
A="--org DEMO1 --framework DSPT-CAF-2024-25 --period 2024-25"
run assess start $A --category category-1 --by ian.governance >/dev/null
run assess owner $A A2 --owner "cara <cyber>" --by ian.governance >/dev/null
run assess answer $A A2.a.NA.1 true --by cara.cyber >/dev/null
run assess evidence add $A --note "Minutes" --title "Board minutes <draft>" --effective 2024-04-01 \
    --expires "$yesterday" --collected-by cara.cyber --item A2.a.NA.1 >/dev/null
run assess evidence add $A --note "Policy" --title "Patch policy" --effective 2024-04-01 \
    --expires "$in_ten_days" --collected-by cara.cyber --item A2.a.A.1 >/dev/null
run assess plan add $A --item A2.a.A.1 --action "Keep a risk register" --owner cara.cyber \
    --due "$yesterday" --by ian.governance >/dev/null
run report --org DEMO1 --format html -o "$work/report.html"
run report --org DEMO1 --format json -o "$work/report.json"

# No network: every proxy connection is refused and no name resolves.
timeout 120 "$browser" --headless --disable-gpu --no-sandbox --no-first-run \
    --user-data-dir="$work/profile" --proxy-server=127.0.0.1:9 \
    --host-resolver-rules="MAP * ~NOTFOUND" \
    --dump-dom "file://$(realpath "$work/report.html")" >"$work/dom.html" 2>"$work/browser.log"

python3 - "$work/report.json" "$work/dom.html" <<'PY'
import json, re, sys
report = json.load(open(sys.argv[1]))
dom = open(sys.argv[2], encoding="utf-8").read()
headline = report["headline"]
expected = {
    "open": headline["open_findings"]["total"],
    "p1": headline["open_findings"]["by_priority"]["P1"],
    "p2": headline["open_findings"]["by_priority"]["P2"],
    "kev": headline["kev"]["open"],
    "kev-overdue": headline["kev"]["overdue"],
    "unsupported": headline["unsupported_systems"],
    "assets": headline["assets"]["total"],
}
failed = False
for field, value in expected.items():
    found = re.search(r'<dd id="figure-%s">(\d+)</dd>' % re.escape(field), dom)
    shown = int(found.group(1)) if found else None
    print("%-12s report %s, page shows %s" % (field, value, shown))
    failed |= shown != value
if 'id="demo-notice"' not in dom:
    print("the rendered page lacks the demo notice")
    failed = True
if "<svg" not in dom or "Open findings after each scan" not in dom:
    print("the rendered page lacks its charts")
    failed = True
# The assessment's row: its figures as the JSON gives them, and the outcome not achieved with its
# owner, escaped.
sections = report["assessments"]
assessment = sections["by_organisation"][0]["assessments"][0]
outcomes = assessment["outcomes"]
row = ("<td>%d achieved, %d partially achieved, %d not achieved, %d not yet decided</td>"
       '<td class="num">no profile</td><td class="num">%d of %d</td>'
       '<td class="num overdue">%d</td><td class="num">%d</td><td class="num">%d</td>'
       '<td class="num overdue">%d</td></tr>') % (
    outcomes["achieved"], outcomes["partially_achieved"], outcomes["not_achieved"],
    outcomes["undecided"], assessment["items"]["answered"], assessment["items"]["total"],
    assessment["evidence"]["expired"], assessment["evidence"]["expiring"],
    assessment["plan"]["open"], assessment["plan"]["overdue"])
checks = {
    "the section": '<section id="assessments"' in dom,
    "the assessment's row": row in dom,
    "one not achieved, evidence expired and expiring, one overdue": (
        outcomes["not_achieved"], assessment["evidence"]["expired"],
        assessment["evidence"]["expiring"], assessment["plan"]["overdue"]) == (1, 1, 1, 1),
    "the site without one": "1 organisation has no self-assessment: DEMO1A" in dom,
    "the shortfall and its owner": '<th scope="row">A2.a</th>' in dom and "cara &lt;cyber&gt;" in dom,
}
for what, ok in checks.items():
    print("%-12s %s" % ("assessments", what + ("" if ok else ": MISSING")))
    failed |= not ok
sys.exit(1 if failed else 0)
PY

# Visible, not only present: laid out with a size, not hidden, no wider than the page.
timeout 180 node tests/unit/report/report_visible.mjs "$browser" "$work/report.html" \
    "$work/profile-visible" headline assessments
echo "the page renders offline and shows the headline figures and the assessments"
