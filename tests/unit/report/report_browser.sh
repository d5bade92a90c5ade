#!/usr/bin/env bash
# End to end: the demo trust's estate (data/demo) scanned against the demo knowledge pack, its
# report written as HTML and JSON, and the page rendered by a headless Chromium with networking
# off. The rendered page must show the headline figures the JSON gives, and the demo notice.
# Skips (exit 77) when Debian's chromium is not installed.
#
#   report_browser.sh WARDROUND_BINARY WORK_FOLDER
set -euo pipefail
cd "$(dirname "$0")/../../.."

wardround=$1
work=$2
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "SKIP: chromium is not installed (apt-get install chromium), so the page is not rendered"
    exit 77
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
sys.exit(1 if failed else 0)
PY
echo "the page renders offline and shows the headline figures"
