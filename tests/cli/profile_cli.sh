#!/usr/bin/env bash
# `wardround profile list|show|import` and `wardround crosswalk list|import`: the exit statuses the
# README documents (0 done, 1 failed and nothing changed, 2 usage error), JSON that parses, an
# import replacing a built-in profile, an imported profile and crosswalk used by an assessment, and
# a CAF 3.2 profile on a CAF-aligned DSPT assessment. Uses the invented fixtures in
# tests/data/assess/rules.
#   profile_cli.sh WARDROUND FIXTURES SCRATCH
set -u
wardround=$1
fixtures=$2
scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch"
db="$scratch/profiles.db"
data="$fixtures/assess/rules"
# shellcheck source=tests/cli/cli_test_lib.sh
source "$(dirname "$0")/cli_test_lib.sh"

w() { "$wardround" --db "$db" "$@"; }

expect 0 "init" w init
expect 0 "org import" w org import "$fixtures/checks/organisations.csv"
expect 0 "profile list --json" w profile list --json
parses "profile list --json"
expect_json '[(p["id"], p["framework"], p["builtin"]) for p in j["profiles"]]' \
    "[('GOVASSURE-BASELINE', 'CAF-3.2', True), ('GOVASSURE-ENHANCED', 'CAF-3.2', True)]" \
    "the built-in profiles"
expect 0 "profile show --json" w profile show GOVASSURE-BASELINE --json
expect_json 'len(j["expected"]), j["expected"][0]' "(39, {'outcome': 'A1.a', 'level': 'achieved'})" \
    "the baseline's levels"
expect 1 "profile show of an unknown profile" w profile show NOPE
expect 2 "profile show without an id" w profile show
expect 2 "profile without a subcommand" w profile
expect 2 "crosswalk without a subcommand" w crosswalk
expect 0 "crosswalk list --json" w crosswalk list --json
expect_json '[(c["id"], c["available"]) for c in j["crosswalks"] if c["id"].startswith("CAF-3.2")]' \
    "[('CAF-3.2--CE-3.2', True), ('CAF-3.2--CSF-2.0', False)]" "the built-in crosswalks, CSF unavailable"

expect 1 "profile import of an unknown outcome" w profile import "$data/bad/unknown-outcome-profile.yaml"
grep -q "unknown-outcome-profile.yaml line 7: expected: 'Z9.z'" "$scratch/err" ||
    fail "the error does not name the file, line and outcome: $(cat "$scratch/err")"
expect 1 "crosswalk import of an unknown relation" w crosswalk import "$data/bad/unknown-relation-crosswalk.yaml"
grep -q "unknown-relation-crosswalk.yaml line 8" "$scratch/err" || fail "the error does not name the line"
expect 1 "crosswalk import of a profile" w crosswalk import "$data/invented-dspt-caf-profile.yaml"
expect 1 "profile import of a missing file" w profile import "$data/no-such-file.yaml"
expect 2 "profile import without a file" w profile import
expect 0 "profile list after refusals" w profile list --json
expect_json 'any(not p["builtin"] for p in j["profiles"])' False "refused imports stored nothing"

expect 0 "profile import replacing a built-in" w profile import "$data/govassure-baseline-replacement.yaml" --json
expect_json 'j["id"], j["replaced_builtin"], j["entries"]' "('GOVASSURE-BASELINE', True, 2)" "the replacement"
expect 0 "profile import of the DSPT" w profile import "$data/invented-dspt-caf-profile.yaml" --json
expect_json 'j["id"], j["frameworks"], j["replaced_builtin"]' \
    "('INVENTED-DSPT-CAF', 'DSPT-CAF-2024-25', False)" "the invented DSPT profile"
expect 0 "profile list after the imports" w profile list --json
expect_json '[(p["id"], p["builtin"], p["replaces_builtin"]) for p in j["profiles"]]' \
    "[('GOVASSURE-BASELINE', False, True), ('GOVASSURE-ENHANCED', True, False), ('INVENTED-DSPT-CAF', False, False)]" \
    "the library's profiles"

# An assessment of the CAF-aligned DSPT with the imported profile: E1.a has its level.
dspt=(--org CT1 --framework DSPT-CAF-2024-25 --period 2024-25)
expect 0 "assess start with the imported profile" w assess start "${dspt[@]}" --profile INVENTED-DSPT-CAF --by ian
expect 0 "assess status" w assess status "${dspt[@]}" --json
expect_json '[(n["id"], n["expected"], n["standing"]) for n in j["nodes"] if n["id"] in ("A1.a", "A1.b", "E1.a")]' \
    "[('A1.a', 'achieved', 'below'), ('A1.b', '', 'no-expectation'), ('E1.a', 'achieved', 'below')]" \
    "the imported profile's levels"

# The CAF 3.2 profile on a DSPT assessment of another period: CAF outcomes only.
dspt2=(--org CT1 --framework DSPT-CAF-2024-25 --period 2025-26)
expect 0 "assess start with a CAF 3.2 profile" w assess start "${dspt2[@]}" --profile GOVASSURE-ENHANCED --by ian
expect 0 "assess status" w assess status "${dspt2[@]}" --json
expect_json '[(n["id"], n["expected"] != "") for n in j["nodes"] if n["id"] in ("A1.a", "E1.a")]' \
    "[('A1.a', True), ('E1.a', False)]" "the CAF profile judges the CAF outcomes only"
expect 1 "assess start with a profile of another framework" \
    w assess start --org CT1 --framework CAF-4.0 --period 2024-25 --profile GOVASSURE-ENHANCED --by ian

# An imported crosswalk from CAF 4.0, which no built-in one starts from.
caf4=(--org CT1 --framework CAF-4.0 --period 2024-25)
expect 0 "assess start on CAF 4.0" w assess start "${caf4[@]}" --by ian
expect 1 "assess project before the crosswalk" w assess project "${caf4[@]}" --to CE-3.2
expect 0 "crosswalk import" w crosswalk import "$data/invented-caf-4.0--ce-3.2.yaml" --json
expect_json 'j["id"], j["frameworks"], j["entries"]' \
    "('INVENTED-CAF-4.0--CE-3.2', 'CAF-4.0 -> CE-3.2', 2)" "the imported crosswalk"
expect 0 "assess project through it" w assess project "${caf4[@]}" --to CE-3.2 --json
parses "assess project"
grep -q "INVENTED-CAF-4.0--CE-3.2" "$scratch/out" || fail "the projection does not use the imported crosswalk"

finish "profile and crosswalk commands as documented"
