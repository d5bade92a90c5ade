# shellcheck shell=bash
# What the command-line tests share: each runs a command, compares its exit status with the one
# the README documents, and reads its JSON output. Sourced after `scratch` is set; failures are
# counted in `failures`, and `finish MESSAGE` ends the test with them.
failures=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

expect() {  # expect STATUS DESCRIPTION COMMAND...
    local want=$1 what=$2
    shift 2
    "$@" >"$scratch/out" 2>"$scratch/err"
    local got=$?
    if [ "$got" -ne "$want" ]; then
        fail "$what: exit $got, expected $want"
        cat "$scratch/err" >&2
    else
        echo "ok: $what (exit $got)"
    fi
}

# The last command's standard output is JSON; print the value of a Python expression over it `j`.
json_value() {
    python3 -c 'import json,sys; j = json.load(sys.stdin); print(eval(sys.argv[1]))' "$1" \
        <"$scratch/out" 2>/dev/null || echo "<not JSON>"
}

expect_json() {  # expect_json EXPRESSION WANT DESCRIPTION
    local got
    got=$(json_value "$1")
    [ "$got" = "$2" ] || fail "$3: $1 is '$got', expected '$2'"
}

parses() {  # parses DESCRIPTION: the last standard output is JSON
    python3 -c 'import json,sys; json.load(sys.stdin)' <"$scratch/out" || fail "$1: not JSON"
}

finish() {  # finish MESSAGE
    [ "$failures" -eq 0 ] || { echo "$failures failure(s)" >&2; exit 1; }
    echo "$1"
}
