# A fake adb for the hygiene tests and the phone benchmark: answers from a scenario folder as a
# connected phone would (see Tests/TestSupport/FakeAdb.swift for the folder layout). Not run directly:
# a wrapper sets SCENARIO, OVERLAY and COMMANDS and sources this file with the arguments adb got.
PATH=/usr/bin:/bin:$PATH

# The file NAME from the test's overlay, else the scenario; nothing when neither has it.
pick() {
    if [ -e "$OVERLAY/$1" ]; then echo "$OVERLAY/$1"; elif [ -e "$SCENARIO/$1" ]; then echo "$SCENARIO/$1"; fi
}

# Prints ID.txt and ID.stderr, then exits with ID.status (0 without one); ID.hang never answers.
answer() {
    if [ -n "$(pick "$1.hang")" ]; then exec sleep 600; fi
    out=$(pick "$1.txt"); err=$(pick "$1.stderr"); code=$(pick "$1.status")
    [ -n "$out" ] && cat "$out"
    [ -n "$err" ] && cat "$err" >&2
    if [ -n "$code" ]; then exit "$(cat "$code")"; fi
    exit 0
}

if [ "$1" = devices ]; then answer devices; fi

if [ "$1" != -s ] || [ "$3" != shell ]; then
    echo "adb: usage: the fake adb knows 'devices -l' and '-s SERIAL shell ...' only (got: $*)" >&2
    exit 1
fi
serial=$2
shift 3

listed=no
devices=$(pick devices.txt)
if [ -n "$devices" ]; then
    while read -r word state rest; do
        if [ "$word" = "$serial" ]; then listed=yes; fi
    done < "$devices"
fi
if [ "$listed" = no ]; then
    echo "error: device '$serial' not found" >&2
    exit 1
fi

# sha256sum 'PATH' ...: the paths arrive quoted for the phone's shell.
if [ "$1" = sha256sum ]; then
    shift
    apks=$(pick apks.txt)
    [ -n "$apks" ] || apks=/dev/null
    # One pass over apks.txt for the whole round (a phone with hundreds of apps makes rounds of 16 paths).
    for word in "$@"; do
        path=${word#\'}
        printf '%s\n' "${path%\'}"
    done | awk 'NR == FNR { want[++n] = $0; next } { hash[$1] = $2 }
        END {
            code = 0
            for (i = 1; i <= n; i++) {
                if (want[i] in hash) print hash[want[i]] "  " want[i]
                else { print "sha256sum: " want[i] ": No such file or directory" > "/dev/stderr"; code = 1 }
            }
            exit code
        }' - "$apks"
    exit $?
fi

# Any other command: its id from the scenario's commands.txt, else the shared one.
table=$(pick commands.txt)
[ -n "$table" ] || table=$COMMANDS
words="$*"
id=
tab=$(printf '\t')
while IFS="$tab" read -r name command; do
    case "$name" in '#'*|'') continue ;; esac
    if [ "$command" = "$words" ]; then id=$name; break; fi
done < "$table"
if [ -z "$id" ]; then
    echo "/system/bin/sh: $1: inaccessible or not found" >&2
    exit 127
fi
answer "$id"
