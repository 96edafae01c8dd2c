# A fake of libimobiledevice's tools for the hygiene tests (Tests/TestSupport/FakeIDevice.swift): one script,
# installed under each tool's name, answering from a scenario folder as a connected iPhone would. Not run
# directly: a wrapper sets TOOL, SCENARIO, OVERLAY and COMMANDS and sources this file with the tool's arguments.
PATH=/usr/bin:/bin:$PATH

# The file NAME from the test's overlay, else the scenario; nothing when neither has it.
pick() {
    if [ -e "$OVERLAY/$1" ]; then echo "$OVERLAY/$1"; elif [ -e "$SCENARIO/$1" ]; then echo "$SCENARIO/$1"; fi
}

# Prints ID.txt and ID.stderr, then exits with ID.status (0 without one); ID.hang never answers. ID.1.txt,
# ID.2.txt… are answered in turn (the last one again after that), for the trust question that is pending first.
answer() {
    id=$1
    if [ -n "$(pick "$id.1.txt")" ]; then
        count=0
        [ -e "$OVERLAY/$id.count" ] && count=$(cat "$OVERLAY/$id.count")
        count=$((count + 1))
        echo "$count" > "$OVERLAY/$id.count"
        while [ "$count" -gt 1 ] && [ -z "$(pick "$id.$count.txt")" ]; do count=$((count - 1)); done
        id=$id.$count
    fi
    echo "$TOOL $words" >> "$OVERLAY/calls.log"
    if [ -n "$(pick "$id.hang")" ]; then exec sleep 600; fi
    out=$(pick "$id.txt"); err=$(pick "$id.stderr"); code=$(pick "$id.status")
    [ -n "$out" ] && cat "$out"
    [ -n "$err" ] && cat "$err" >&2
    if [ -n "$code" ]; then exit "$(cat "$code")"; fi
    exit 0
}

# '-u UDID' may come anywhere; a UDID that devices.txt does not list answers as the real tools do.
udid=
words=
while [ $# -gt 0 ]; do
    if [ "$1" = -u ]; then udid=$2; shift 2; continue; fi
    words="$words $1"
    shift
done
words=${words# }
if [ -n "$udid" ]; then
    devices=$(pick devices.txt)
    if [ -z "$devices" ] || ! grep -qx "$udid" "$devices"; then
        echo "$TOOL -u $udid $words" >> "$OVERLAY/calls.log"
        case "$TOOL" in
            ideviceinfo) echo "ERROR: Device $udid not found!"; exit 255 ;;
            idevicepair) echo "No device found."; exit 1 ;;
            *) echo "No device found with udid $udid." >&2; exit 255 ;;
        esac
    fi
fi

variant=debian12
[ -n "$(pick variant)" ] && variant=$(cat "$(pick variant)")

# ideviceprovision copy DIR: copies the scenario's provision/*.mobileprovision into DIR and lists them.
if [ "$TOOL" = ideviceprovision ] && [ "${words%% *}" = copy ]; then
    if [ -n "$(pick provision.hang)" ]; then exec sleep 600; fi
    if [ -n "$(pick provision.txt)" ]; then answer provision; fi
    echo "$TOOL $words" >> "$OVERLAY/calls.log"
    target=${words#copy }
    if [ ! -d "$target" ]; then echo "ERROR: $target does not exist or is not a directory."; exit 255; fi
    set -- $(ls "$SCENARIO/provision" 2>/dev/null)
    echo "Device has $# provisioning profiles installed:"
    for file in "$@"; do
        cp "$SCENARIO/provision/$file" "$target/$file"
        echo "${file%.mobileprovision} - profile => $target/$file"
    done
    exit 0
fi

# Any other command: its id from the scenario's commands.txt, else the shared one.
table=$(pick commands.txt)
[ -n "$table" ] || table=$COMMANDS
id=
tab=$(printf '\t')
while IFS="$tab" read -r name command; do
    case "$name" in '#'*|'') continue ;; esac
    if [ "$command" = "$TOOL $words" ]; then id=$name; break; fi
done < "$table"
# The two generations of ideviceinstaller each reject the other's syntax.
if [ "$id" = apps ] && [ "$variant" = debian13 ]; then id=; fi
if [ "$id" = apps-new ] && [ "$variant" = debian12 ]; then id=; fi
if [ -z "$id" ]; then
    echo "$TOOL $words" >> "$OVERLAY/calls.log"
    echo "$TOOL: unrecognized option '${words%% *}'" >&2
    echo "Usage: $TOOL OPTIONS" >&2
    exit 2
fi
answer "$id"
