#!/usr/bin/env bash
# `wardround framework list|show|import`: the exit statuses the README documents (0 done, 1 failed
# and nothing changed, 2 usage error), JSON that parses, qualified ids, and an import that replaces
# a built-in library. Uses the invented fixtures in tests/data/frameworks.
#   framework_cli.sh WARDROUND FIXTURES SCRATCH
set -u
wardround=$1
fixtures=$2
scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch"
db="$scratch/frameworks.db"
data="$fixtures/frameworks"
# shellcheck source=tests/cli/cli_test_lib.sh
source "$(dirname "$0")/cli_test_lib.sh"

w() { "$wardround" --db "$db" "$@"; }

expect 0 "init" w init
expect 0 "framework list --json" w framework list --json
parses "framework list --json"
expect_json '[(f["id"], f["builtin"]) for f in j["frameworks"] if f["id"] in ("CAF-3.2", "CE-3.2")]' \
    "[('CAF-3.2', True), ('CE-3.2', True)]" "the built-in libraries"
expect 0 "framework show of a node --json" w framework show CAF-3.2:A2.b --json
expect_json 'j["id"], j["title"]' "('CAF-3.2:A2.b', 'Assurance')" "CAF 3.2's A2.b"
expect 0 "the same id in CAF 4.0" w framework show CAF-4.0:A2.b --json
expect_json 'j["title"]' "Understanding Threat" "CAF 4.0's A2.b"
expect 0 "framework show of a tree" w framework show CE-3.2
grep -q "Security update management" "$scratch/out" || fail "the CE tree lacks its controls"
expect 1 "framework show of an unknown framework" w framework show NOPE-1.0
expect 1 "framework show of an unknown node" w framework show CAF-3.2:Z9.z
expect 2 "framework show without an id" w framework show
expect 2 "framework without a subcommand" w framework

expect 1 "framework import of a file that breaks the schema" w framework import "$data/bad/unknown-top-key.yaml"
grep -q "unknown-top-key.yaml line" "$scratch/err" || fail "the schema error does not name the line: $(cat "$scratch/err")"
expect 1 "framework import of a missing file" w framework import "$data/no-such-file.yaml"
expect 0 "framework list after refusals" w framework list --json
expect_json 'any(not f["builtin"] for f in j["frameworks"])' False "refused imports stored nothing"

expect 0 "framework import of an OSCAL catalogue, named" w framework import "$data/oscal-mini.json" --id TRUST-CONTROLS --version 2026 --json
expect_json 'j["id"], j["format"]' "('TRUST-CONTROLS-2026', 'oscal-json')" "the named OSCAL import"
expect 0 "framework import that replaces a built-in" w framework import "$data/caf-3.2-mini.yaml" --json
expect_json 'j["id"], j["replaced_builtin"]' "('CAF-3.2', True)" "the replacement"
expect 0 "framework list after the imports" w framework list --json
expect_json '[f["id"] for f in j["frameworks"] if not f["builtin"]]' "['CAF-3.2', 'TRUST-CONTROLS-2026']" \
    "the imported frameworks"

finish "framework commands as documented"
