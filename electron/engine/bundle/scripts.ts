/**
 * The files generated onto the media from the manifest: install.sh (POSIX sh), install.ps1
 * (Windows PowerShell, registry not setx), the Ansible playbook with an example inventory, and the
 * bilingual README.txt. Pure functions of a ScriptContext, so they are easy to test and diff.
 */
import { APP_VERSION } from '../../../shared/version';
import { fishQuote, goEnvValue, oneLine, psQuote, SH_QUOTE_FUNCTIONS, shQuote } from '../quote';

export interface ScriptArchive {
  platform: string;
  os: string;
  arch: string;
  path: string;
  sha256: string;
  size: number;
  parts?: Array<{ path: string; sha256: string; size: number }>;
}

export interface ScriptContext {
  /** the version the scripts install (the newest on the media); `archives` are its archives */
  goVersion: string;
  /** every Go version on the media with its platforms (README), when known */
  versions?: Array<{ version: string; platforms: string[] }>;
  archives: ScriptArchive[];
  environment: Record<string, string>;
  /** relative folder of the bundled module proxy, when there is one */
  modulesProxyPath?: string;
  createdAt: string;
  /** builds of the Go Offline Installer app carried under installers/ (one per target platform) */
  installers?: Array<{ platform: string; path: string; kind: string }>;
}

const SAFE_PATH = /^[A-Za-z0-9._+/-]+$/;
const ENV_KEY = /^[A-Z_][A-Z0-9_]*$/;

function check(ctx: ScriptContext): void {
  for (const a of ctx.archives) {
    for (const p of [a.path, ...(a.parts ?? []).map((x) => x.path)]) {
      if (!SAFE_PATH.test(p)) throw new Error(`archive path not safe for a script: ${p}`);
    }
    if (!/^[a-z0-9]+-[a-z0-9]+$/.test(a.platform)) throw new Error(`bad platform ${a.platform}`);
  }
  for (const k of Object.keys(ctx.environment)) if (!ENV_KEY.test(k)) throw new Error(`bad environment name ${k}`);
  if (ctx.modulesProxyPath && !SAFE_PATH.test(ctx.modulesProxyPath)) throw new Error('bad module proxy path');
  if (!/^go[0-9A-Za-z.]+$/.test(ctx.goVersion)) throw new Error(`bad Go version ${ctx.goVersion}`);
}

export { shQuote };

/**
 * install.sh's record keeping, the same as the app's (install/state.ts, journal.ts, lock.ts):
 * JSON strings (`js`), the audit log line (`audit`), the prefix's lock, the journal of renames and
 * snapshots that the app's recovery can undo or finish, and the state file merge (Python 3 where
 * the host has it, as every Ansible host does; otherwise a state file with this install alone).
 * POSIX sh; no `${` here (this is a raw string).
 */
export const SH_STATE_FUNCTIONS = String.raw`js() { printf '"%s"' "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')"; }
no_ctrl() {
  case "$2" in *[[:cntrl:]]*) printf '%s\n' "go-offline: ERROR: $1 contains a control character (a tab or a line break), which the install record cannot hold; nothing was changed" "go-offline: what to do: choose a folder whose name has none (--prefix, HOME, XDG_* folders)" >&2; exit 2 ;; esac
}
now_iso() { date -u +%Y-%m-%dT%H:%M:%S.000Z; }
sync_file() { sync "$1" 2>/dev/null || sync; }
# audit EVENT ',"key":value...': one JSON line in the audit log the app and diagnose read
audit() {
  [ -n "$AUDIT_LOG" ] || return 0
  mkdir -p "$SDIR" 2>/dev/null || return 0
  printf '{"at":"%s","event":"%s","jobId":%s,"by":"install.sh"%s}\n' "$(now_iso)" "$1" "$(js "$JOB_ID")" "$2" >> "$AUDIT_LOG" 2>/dev/null || true
}
proc_start() { [ -r "/proc/$1/stat" ] && sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f20; }
take_lock() {
  st=$(proc_start $$ || true)
  if [ -n "$st" ]; then st="\"$st\""; else st=null; fi
  printf '{"pid":%s,"start":%s,"token":"%s"}\n' "$$" "$st" "$TXN" > "$LOCK.$$.tmp" 2>/dev/null || return 2
  if ln "$LOCK.$$.tmp" "$LOCK" 2>/dev/null; then rm -f "$LOCK.$$.tmp"; LOCKED=yes; return 0; fi
  rm -f "$LOCK.$$.tmp"; return 1
}
release_lock() { if [ "$LOCKED" = yes ] && grep -q "$TXN" "$LOCK" 2>/dev/null; then rm -f "$LOCK"; fi; LOCKED=no; }
write_journal() {
  printf '{"txn":%s,"pid":%s,"op":"install","scope":%s,"goroot":%s,"moves":[%s],"snapshots":[%s],"cleanup":[%s],"by":"install.sh"}' "$(js "$TXN")" "$$" "$(js "$SCOPE")" "$(js "$GOROOT_DIR")" "$MOVES" "$SNAPS" "$CLEANUP" > "$JOURNAL.$$.tmp" && sync_file "$JOURNAL.$$.tmp" && mv -f "$JOURNAL.$$.tmp" "$JOURNAL" || die "cannot write the install journal in $PREFIX" "check free space and rights in $PREFIX; nothing was changed"
  JOURNALED=yes
}
# jmove FROM TO: journaled first, then done (undone in reverse if the install fails)
jmove() {
  if [ -n "$MOVES" ]; then MOVES="$MOVES,"; fi
  MOVES="$MOVES{\"from\":$(js "$1"),\"to\":$(js "$2")}"
  write_journal
  mv "$1" "$2" || die "cannot move $1 to $2" "check the rights on $PREFIX; nothing was changed"
  printf '%s\n' "$1" "$2" >> "$WORK/moves"
}
# snapshot FILE: a copy of a startup file before the settings step (restored if the install fails)
snapshot() {
  mkdir -p "$TXN_DIR" || die "cannot write to $TXN_DIR" "check free space and rights there; nothing was changed"
  if [ -f "$1" ]; then cp -p "$1" "$TXN_DIR/$SNAP_N" || die "cannot copy $1 to $TXN_DIR" "check free space there; nothing was changed"; copy="$TXN_DIR/$SNAP_N"; cj=$(js "$copy"); else copy=''; cj=null; fi
  SNAP_N=$((SNAP_N + 1))
  if [ -n "$SNAPS" ]; then SNAPS="$SNAPS,"; fi
  SNAPS="$SNAPS{\"path\":$(js "$1"),\"copy\":$cj}"
  printf '%s\n' "$1" "$copy" >> "$WORK/snaps"
}
undo_journal() {
  if [ -f "$WORK/moves" ]; then
    awk '{ a[NR] = $0 } END { for (i = NR - 1; i >= 1; i -= 2) print a[i] "\n" a[i + 1] }' "$WORK/moves" > "$WORK/moves.rev"
    while IFS= read -r from && IFS= read -r to; do
      if { [ -e "$to" ] || [ -L "$to" ]; } && [ ! -e "$from" ] && [ ! -L "$from" ]; then mv "$to" "$from" || true; fi
    done < "$WORK/moves.rev"
  fi
  if [ -f "$WORK/snaps" ]; then
    while IFS= read -r path && IFS= read -r copy; do
      if [ -n "$copy" ]; then cat "$copy" > "$path" || true; else rm -f "$path"; fi
    done < "$WORK/snaps"
  fi
  rm -f "$JOURNAL"; rm -rf "$TXN_DIR"
}
# the state file: this install's record merged into it as the app does (python3), else alone
STATE_MERGE_PY='
import json, os, sys
path, newp, txn, prefix = sys.argv[1:5]
new = json.load(open(newp))
try:
    st = json.load(open(path))
    assert st.get("schema") == "go-offline/install-state@1" and isinstance(st.get("records"), dict)
except Exception:
    st = {"schema": "go-offline/install-state@1", "current": None, "records": {}}
g = new["goroot"]
old = st["records"].get(g)
drop = []
if old:
    if new.get("previous"):
        new["previous"]["record"] = {k: v for k, v in old.items() if k != "previous"}
    new["original"] = old.get("original")
    prior = {c.get("target"): c for c in (old.get("environment") or {}).get("changes", [])}
    for c in new["environment"]["changes"]:
        p = prior.get(c["target"])
        if p:
            if c.get("backup") and c.get("backup") != p.get("backup"):
                drop.append(c["backup"])
            c["created"] = p.get("created", c["created"])
            c["addedLeadingNewline"] = p.get("addedLeadingNewline", c.get("addedLeadingNewline", False))
            if p.get("backup"):
                c["backup"] = p["backup"]
            else:
                c.pop("backup", None)
    for c in prior.values():
        if c.get("kind") == "goroot-comment" and not any(x["target"] == c["target"] and x["kind"] == c["kind"] for x in new["environment"]["changes"]):
            new["environment"]["changes"].append(c)
    op = (old.get("previous") or {}).get("path")
    orig = (new.get("original") or {}).get("path")
    aside = (new.get("previous") or {}).get("path")
    if op and op != orig and op != aside:
        print(op)
st["records"][g] = new
st["current"] = g
st["lastTxn"] = txn
st["prefixes"] = list(dict.fromkeys((st.get("prefixes") or []) + [prefix]))
tmp = path + ".%d.tmp" % os.getpid()
with open(tmp, "w") as f:
    f.write(json.dumps(st, indent=2, ensure_ascii=False) + "\n")
    f.flush()
    os.fsync(f.fileno())
os.rename(tmp, path)
d = os.open(os.path.dirname(path), os.O_RDONLY)
os.fsync(d)
os.close(d)
for b in drop:
    try:
        os.remove(b)
    except OSError:
        pass
'
STATE_SHA_PY='
import json, sys
try:
    st = json.load(open(sys.argv[1]))
    r = st["records"].get(sys.argv[2]) or {}
    print((r.get("archive") or {}).get("sha256", ""))
except Exception:
    print("")
'`;

export function renderInstallSh(ctx: ScriptContext): string {
  check(ctx);
  const unix = ctx.archives.filter((a) => a.path.endsWith('.tar.gz'));
  const table = unix
    .map((a) => `    ${a.platform}) ARCHIVE=${shQuote(a.path)}; ARCHIVE_SHA256=${shQuote(a.sha256)}; ARCHIVE_SIZE=${a.size}; ARCHIVE_PARTS=${shQuote((a.parts ?? []).map((p) => p.path).join(' '))} ;;`)
    .join('\n');
  // the bundle's own settings beyond GOTOOLCHAIN and GOPROXY (which install.sh works out on the
  // host, as the app does), quoted here for each syntax, printed as they are by install.sh
  const extra = Object.entries(ctx.environment).filter(([k]) => k !== 'GOTOOLCHAIN' && k !== 'GOPROXY');
  const shExtra = extra.map(([k, v]) => `    printf '%s\\n' ${shQuote(`export ${k}=${shQuote(oneLine(k, v))}`)}`).join('\n');
  const fishExtra = extra.map(([k, v]) => `    printf '%s\\n' ${shQuote(`set -gx ${k} ${fishQuote(oneLine(k, v))}`)}`).join('\n');
  const goenvExtra = extra.map(([k, v]) => `    printf '%s\\n' ${shQuote(`${k}=${goEnvValue(k, v)}`)}`).join('\n');
  const noModulesProxy = ctx.environment.GOPROXY ?? 'off';
  return `#!/bin/sh
# install.sh: installs ${ctx.goVersion} from this Go offline bundle. POSIX sh; needs tar, gzip and
# sha256sum (or shasum). Generated by go-offline ${APP_VERSION} on ${ctx.createdAt}.
# Usage: sh install.sh [--prefix DIR] [--scope user|system] [--from URL] [--no-profile] [--check] [--help]
#   --prefix DIR  install Go at DIR/go (default: /usr/local as root, ~/.local otherwise)
#   --scope S     write settings for this user (startup files) or for everyone (/etc/profile.d)
#   --from URL    read the bundle from a relay (go-offline serve) instead of this folder
#   --check       change nothing: say whether this Go and its settings are already in place
#                 (exit 0) or what an install would change (exit 3)
# Environment overrides: GO_OFFLINE_PREFIX, GO_OFFLINE_SCOPE, GO_OFFLINE_FROM, GO_OFFLINE_BUSY_WAIT
# (seconds to wait in all for a busy relay, per file; default 900).
# The install is the app's: the same folders, startup-file blocks, state file, journal and audit
# log, so go-offline verify, diagnose, rollback and uninstall work on it afterwards.
set -eu

GO_VERSION=${shQuote(ctx.goVersion)}
MODULES_PROXY=${shQuote(ctx.modulesProxyPath ?? '')}
BEGIN_MARK='# >>> go-offline >>>'
END_MARK='# <<< go-offline <<<'
LAST_ERROR=''

say() { printf '%s\\n' "go-offline: $*" >&2; }
die() { LAST_ERROR=$1; printf '%s\\n' "go-offline: ERROR: $1" >&2; [ -n "\${2:-}" ] && printf '%s\\n' "go-offline: what to do: $2" >&2; exit "\${3:-1}"; }
${SH_QUOTE_FUNCTIONS}
${SH_STATE_FUNCTIONS}

PREFIX=\${GO_OFFLINE_PREFIX:-}
SCOPE=\${GO_OFFLINE_SCOPE:-}
FROM=\${GO_OFFLINE_FROM:-}
PROFILE=yes
CHECK=no
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || die "--prefix needs a folder" "" 2; PREFIX=$2; shift 2 ;;
    --prefix=*) PREFIX=\${1#--prefix=}; shift ;;
    --scope) [ $# -ge 2 ] || die "--scope needs user or system" "" 2; SCOPE=$2; shift 2 ;;
    --scope=*) SCOPE=\${1#--scope=}; shift ;;
    --from) [ $# -ge 2 ] || die "--from needs a URL" "" 2; FROM=$2; shift 2 ;;
    --from=*) FROM=\${1#--from=}; shift ;;
    --no-profile) PROFILE=no; shift ;;
    --check) CHECK=yes; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \\{0,1\\}//'; exit 0 ;;
    *) die "unknown option: $1" "run: sh install.sh --help" 2 ;;
  esac
done

UID_NOW=$(id -u)
if [ -z "$SCOPE" ]; then if [ "$UID_NOW" = 0 ]; then SCOPE=system; else SCOPE=user; fi; fi
case "$SCOPE" in user|system) ;; *) die "--scope must be user or system, not $SCOPE" "" 2 ;; esac
if [ -z "$PREFIX" ]; then if [ "$SCOPE" = system ]; then PREFIX=/usr/local; else PREFIX="$HOME/.local"; fi; fi
case "$PREFIX" in /*) ;; *) PREFIX="$(pwd)/$PREFIX" ;; esac
PREFIX=$(printf '%s' "$PREFIX" | sed -e 's#//*#/#g' -e 's#\\(.\\)/$#\\1#')
one_line 'the install folder' "$PREFIX"
no_ctrl 'the install folder' "$PREFIX"
no_ctrl 'HOME' "\${HOME:-}"
GOROOT_DIR="$PREFIX/go"
GOBIN_DIR="$GOROOT_DIR/bin"
XDG_CONFIG=\${XDG_CONFIG_HOME:-$HOME/.config}
ZDOT=\${ZDOTDIR:-$HOME}
# the app's folders (electron/engine/paths.ts): the state folder, the audit log, the module proxy copy
if [ "$SCOPE" = system ]; then SDIR=/var/lib/go-offline; DATA=$SDIR; else SDIR="\${XDG_STATE_HOME:-$HOME/.local/state}/go-offline"; DATA="\${XDG_DATA_HOME:-$HOME/.local/share}/go-offline"; fi
no_ctrl 'the state folder' "$SDIR"
no_ctrl 'the data folder' "$DATA"
STATE="$SDIR/install-state.json"
AUDIT_LOG=''
JOURNAL="$PREFIX/.go-offline-journal.json"
LOCK="$PREFIX/.go-offline.lock"

case "$(uname -s)" in
  Linux) GOOS=linux ;; Darwin) GOOS=darwin ;; FreeBSD) GOOS=freebsd ;;
  *) die "this system ($(uname -s)) is not supported by install.sh" "on Windows use install.ps1" ;;
esac
case "$(uname -m)" in
  x86_64|amd64) GOARCH=amd64 ;; aarch64|arm64) GOARCH=arm64 ;; armv6l|armv7l|armv7*|armv8l) GOARCH=armv6l ;;
  i386|i486|i586|i686) GOARCH=386 ;; ppc64le) GOARCH=ppc64le ;; s390x) GOARCH=s390x ;; riscv64) GOARCH=riscv64 ;;
  loongarch64) GOARCH=loong64 ;; *) GOARCH=$(uname -m) ;;
esac
PLATFORM="$GOOS-$GOARCH"

ARCHIVE=''; ARCHIVE_SHA256=''; ARCHIVE_SIZE=0; ARCHIVE_PARTS=''
case "$PLATFORM" in
${table}
    *) die "this bundle has no Go archive for $PLATFORM ($(uname -m))" "create a bundle that includes $PLATFORM (go-offline bundle create --platform $PLATFORM)" ;;
esac
ARCHIVE_VERSION=$(basename "$ARCHIVE" | sed 's/\\.\\(linux\\|darwin\\|freebsd\\)-.*//')
# Go 1.21 and newer can hand a build to another installed release (a go.mod asking for it): then
# GOTOOLCHAIN=path and the folder of the go1.X.Y commands on PATH, the app's rule
# (electron/engine/install/versions.ts); older Go ignores GOTOOLCHAIN: local, as before
TC=local; TCBIN=''
case "$ARCHIVE_VERSION" in
  go1.[0-9]|go1.[0-9][!0-9]*|go1.1[0-9]|go1.1[0-9][!0-9]*|go1.20|go1.20[!0-9]*) ;;
  go1.*) TC=path; if [ "$SCOPE" = system ]; then TCBIN="$PREFIX/go-versions/bin"; else TCBIN="$HOME/sdk/bin"; fi; one_line 'the Go versions folder' "$TCBIN"; no_ctrl 'the Go versions folder' "$TCBIN" ;;
esac

if command -v sha256sum >/dev/null 2>&1; then SHA_TOOL='sha256sum'
elif command -v shasum >/dev/null 2>&1; then SHA_TOOL='shasum -a 256'
else die "neither sha256sum nor shasum is installed, so the archive cannot be checked" "install coreutils (sha256sum) or perl (shasum)"; fi
sha_of() { $SHA_TOOL "$1" | cut -d' ' -f1; }

if [ -n "$FROM" ]; then
  case "$FROM" in */) ;; *) FROM="$FROM/" ;; esac
  # a busy relay answers 503 with Retry-After (electron/engine/bundle/relay.ts): curl and GNU wget
  # wait as told, at most BUSY_RETRIES times and BUSY_WAIT s in all per file (the app's budget);
  # a wget that cannot show the Retry-After header (BusyBox) tries BUSY_FALLBACK_TRIES times, 10 s apart
  BUSY_RETRIES=30; BUSY_FALLBACK_TRIES=5
  BUSY_WAIT=\${GO_OFFLINE_BUSY_WAIT:-900}
  case "$BUSY_WAIT" in ''|*[!0-9]*|??????*) die "GO_OFFLINE_BUSY_WAIT must be a whole number of seconds (at most 99999), not $BUSY_WAIT" "" 2 ;; esac
  if [ "$BUSY_WAIT" -eq 0 ]; then BUSY_RETRIES=0; BUSY_FALLBACK_TRIES=1; fi
  # relay_busy WAITED [WHY]: the one message for a relay that stayed busy, whichever client read it
  relay_busy() { die "the relay at $FROM stayed busy: it kept answering that all its transfer slots were taken; this computer waited $1 s in all and gave up\${2:+ ($2)}; nothing was changed" "try again when fewer machines are installing, or ask whoever runs the relay to allow more transfers at once (go-offline serve --max-transfers N); its status page (\${FROM}_status) shows who is pulling what" 2; }
  if command -v curl >/dev/null 2>&1; then
    fetch() {
      t0=$(date +%s)
      code=$(curl -fsS --retry "$BUSY_RETRIES" --retry-max-time "$BUSY_WAIT" -w '%{http_code}' -o "$2" "$FROM$1") && return 0
      if [ "$code" = 503 ]; then relay_busy $(($(date +%s) - t0)); fi
      return 1
    }
  elif command -v wget >/dev/null 2>&1; then
    # GNU wget -S shows every header of the answer; BusyBox's shows the status line only
    case "$(wget --version 2>/dev/null | head -n 1)" in *'GNU Wget'*) WGET_HEADERS=yes ;; *) WGET_HEADERS=no ;; esac
    fetch() {
      tries=1; waited=0
      while :; do
        if wget -q -S -O "$2" "$FROM$1" 2> "$WORK/wget.err"; then return 0; fi
        st=$(sed -n 's#.*HTTP/[0-9.]* \\([0-9][0-9][0-9]\\).*#\\1#p' "$WORK/wget.err" | tail -n 1)
        if [ "$st" != 503 ]; then
          grep -v '^  ' "$WORK/wget.err" >&2 || true
          if [ -n "$st" ]; then say "the relay answered HTTP $st for $1"; fi
          return 1
        fi
        if [ "$WGET_HEADERS" = yes ]; then
          if [ "$tries" -gt "$BUSY_RETRIES" ] || [ "$waited" -ge "$BUSY_WAIT" ]; then relay_busy "$waited"; fi
          ra=$(sed -n 's/^ *[Rr][Ee][Tt][Rr][Yy]-[Aa][Ff][Tt][Ee][Rr]: *\\([0-9][0-9]*\\).*/\\1/p' "$WORK/wget.err" | tail -n 1)
          case "$ra" in '') ra=2 ;; ??????*) ra=$BUSY_WAIT ;; esac
          of=$((BUSY_RETRIES + 1))
        else
          if [ "$tries" -ge "$BUSY_FALLBACK_TRIES" ] || [ "$waited" -ge "$BUSY_WAIT" ]; then if [ "$tries" = 1 ]; then n=once; else n="$tries times"; fi; relay_busy "$waited" "this wget (BusyBox) cannot read how long the relay asks to wait, so it tried $n; with curl or GNU wget it waits as the relay asks"; fi
          if [ "$tries" = 1 ]; then say "this wget (BusyBox) cannot read how long the relay asks to wait: it tries at most $BUSY_FALLBACK_TRIES times, 10 s apart (curl or GNU wget wait as the relay asks)"; fi
          ra=10; of=$BUSY_FALLBACK_TRIES
        fi
        if [ "$ra" -gt $((BUSY_WAIT - waited)) ]; then ra=$((BUSY_WAIT - waited)); fi
        say "the relay is busy (all its transfer slots are taken): trying again in $ra s (try $((tries + 1)) of $of)"
        sleep "$ra"
        waited=$((waited + ra)); tries=$((tries + 1))
      done
    }
  else die "neither curl nor wget is installed, so the relay cannot be read" "copy the bundle folder to this machine and run install.sh from it"; fi
  BUNDLE_DIR=''
else
  BUNDLE_DIR=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
fi

# where the module proxy goes (the app's place, so diagnose and uninstall find it) and GOPROXY
MODDIR=''
PROXY_URL=''
if [ -n "$MODULES_PROXY" ]; then
  if [ -n "$FROM" ]; then PROXY_URL="\${FROM}$MODULES_PROXY/,off"
  elif [ "$CHECK" = yes ] || [ -d "$BUNDLE_DIR/$MODULES_PROXY" ]; then MODDIR="$DATA/modules/proxy"; PROXY_URL="$(file_url "$MODDIR"),off"; fi
fi
GOPROXY_VALUE=\${PROXY_URL:-${shQuote(noModulesProxy)}}

# the settings blocks, line for line the app's (electron/engine/environment: renderSh, renderFish, renderGoEnv)
block_body() {
  case "$1" in
  sh)
    printf '%s\\n' '# Go settings written by Go Offline Installer. Remove them with: go-offline uninstall'
    printf '%s\\n' "export GOTOOLCHAIN='$TC'"
    printf 'export GOPROXY=%s\\n' "$(sq "$GOPROXY_VALUE")"
${shExtra}
    printf 'case ":\${PATH}:" in *:%s:*) ;; *) PATH=%s":\${PATH}" ;; esac\\n' "$(sq "$GOBIN_DIR")" "$(sq "$GOBIN_DIR")"
    if [ -n "$TCBIN" ]; then printf 'case ":\${PATH}:" in *:%s:*) ;; *) PATH=%s":\${PATH}" ;; esac\\n' "$(sq "$TCBIN")" "$(sq "$TCBIN")"; fi
    printf '%s\\n' 'case ":\${PATH}:" in *:"\${GOPATH:-$HOME/go}/bin":*) ;; *) PATH="\${PATH}:\${GOPATH:-$HOME/go}/bin" ;; esac'
    printf '%s\\n' 'export PATH'
    ;;
  fish)
    printf '%s\\n' '# Go settings written by Go Offline Installer. Remove them with: go-offline uninstall'
    printf '%s\\n' "set -gx GOTOOLCHAIN '$TC'"
    printf 'set -gx GOPROXY %s\\n' "$(fq "$GOPROXY_VALUE")"
${fishExtra}
    printf 'contains -- %s $PATH; or set -gx PATH %s $PATH\\n' "$(fq "$GOBIN_DIR")" "$(fq "$GOBIN_DIR")"
    if [ -n "$TCBIN" ]; then printf 'contains -- %s $PATH; or set -gx PATH %s $PATH\\n' "$(fq "$TCBIN")" "$(fq "$TCBIN")"; fi
    printf '%s\\n' 'if set -q GOPATH[1]' '    contains -- $GOPATH[1]/bin $PATH; or set -gx PATH $PATH $GOPATH[1]/bin' 'else' '    contains -- $HOME/go/bin $PATH; or set -gx PATH $PATH $HOME/go/bin' 'end'
    ;;
  goenv)
    printf '%s\\n' '# Go settings written by Go Offline Installer. Remove them with: go-offline uninstall'
    printf '%s\\n' "GOTOOLCHAIN=$TC" "GOPROXY=$GOPROXY_VALUE"
${goenvExtra}
    ;;
  esac
}
has_shell() { case "\${SHELL:-}" in */"$1") return 0 ;; esac; command -v "$1" >/dev/null 2>&1; }
# each_target CMD: CMD FILE SYNTAX KIND READBY for every file this scope's shells read (the app's planEnvironment)
each_target() {
  if [ "$SCOPE" = system ]; then
    "$1" /etc/profile.d/go-offline.sh sh file 'bash and sh login shells of every user'
    if has_shell zsh; then if [ -d /etc/zsh ]; then "$1" /etc/zsh/zprofile sh block 'zsh login shells of every user'; else "$1" /etc/zprofile sh block 'zsh login shells of every user'; fi; fi
    if has_shell fish; then "$1" /etc/fish/conf.d/go-offline.fish fish file 'fish shells of every user'; fi
  else
    if [ -e "$HOME/.bash_profile" ]; then "$1" "$HOME/.bash_profile" sh block 'bash login shells (~/.profile is ignored because this file exists)'
    else "$1" "$HOME/.profile" sh block 'bash and sh login shells'; fi
    "$1" "$HOME/.bashrc" sh block 'interactive bash shells'
    if has_shell zsh; then "$1" "$ZDOT/.zprofile" sh block 'zsh login shells'; "$1" "$ZDOT/.zshrc" sh block 'interactive zsh shells'; fi
    if has_shell fish; then "$1" "$XDG_CONFIG/fish/conf.d/go-offline.fish" fish file 'fish shells'; fi
    if [ "\${GOENV:-}" != off ]; then "$1" "\${GOENV:-$XDG_CONFIG/go/env}" goenv block 'go itself, also when not started from a shell (IDEs, cron)'; fi
  fi
}
# check_target FILE: an ordinary file, or nothing yet (a link is followed: its target is edited)
check_target() {
  if [ -d "$1" ]; then die "$1 is a folder, not a startup file, so the Go settings cannot be added to it; no startup file was changed" "move the folder $1 away, then run install.sh again"; fi
  if [ -L "$1" ] && [ ! -e "$1" ]; then die "$1 is a link to a file that does not exist; no startup file was changed" "create the file it points to (or remove the link), then run install.sh again"; fi
  if [ -e "$1" ] && [ ! -f "$1" ]; then die "$1 is a special file (a pipe, socket or device), not a text file; no startup file was changed" "replace $1 with an ordinary file, then run install.sh again"; fi
}
real_path() { if [ -L "$1" ]; then readlink -f -- "$1" 2>/dev/null || printf '%s' "$1"; else printf '%s' "$1"; fi; }
# render_target FILE SYNTAX OUT: FILE with our block replaced in place (or added at the end), into OUT
render_target() {
  { printf '%s\\n' "$BEGIN_MARK"; block_body "$2"; printf '%s\\n' "$END_MARK"; } > "$WORK/block"
  if [ -f "$1" ]; then
    awk -v b="$BEGIN_MARK" -v e="$END_MARK" -v blk="$WORK/block" '{ l = $0; sub(/\\r$/, "", l); sub(/^[ \\t]+/, "", l); sub(/[ \\t]+$/, "", l) } l == b { skip = 1; if (!done) { while ((getline x < blk) > 0) print x; done = 1 } next } l == e { skip = 0; next } !skip { print } END { if (!done) { while ((getline x < blk) > 0) print x } }' "$1" > "$3"
  else
    cat "$WORK/block" > "$3"
  fi
}
last_byte_is_newline() { [ ! -s "$1" ] || [ "$(tail -c 1 "$1" | od -An -tx1 | tr -d ' \\n')" = 0a ]; }
has_block() { [ -f "$1" ] && grep -q "^[[:space:]]*$BEGIN_MARK[[:space:]]*\\r\\{0,1\\}$" "$1"; }

WORK=$(mktemp -d "\${TMPDIR:-/tmp}/go-offline.XXXXXX")
STAGE=''; PROXY_NEW=''; PROXY_OLD=''; LOCKED=no; JOURNALED=no; COMMITTED=no; TXN_DIR=''
MOVES=''; SNAPS=''; CLEANUP=''; SNAP_N=0
on_exit() {
  status=$?
  trap - EXIT INT TERM
  if [ "$COMMITTED" != yes ] && [ "$JOURNALED" = yes ]; then undo_journal; say "nothing was changed: the Go that was at $GOROOT_DIR (if any) is still there"; fi
  if [ -n "$STAGE" ]; then rm -rf "$STAGE"; fi
  if [ -n "$PROXY_NEW" ]; then rm -rf "$PROXY_NEW"; fi
  if [ "$status" != 0 ] && [ -n "$AUDIT_LOG" ]; then audit install.failed ",\\"message\\":$(js "$LAST_ERROR")"; fi
  release_lock
  rm -rf "$WORK"
  exit "$status"
}
trap on_exit EXIT
trap 'exit 130' INT TERM

# --check: compare what is there with what an install would leave, change nothing
if [ "$CHECK" = yes ]; then
  WHY=''
  have=''
  if [ -f "$GOROOT_DIR/VERSION" ]; then have=$(head -n 1 "$GOROOT_DIR/VERSION"); fi
  if [ "$have" != "$ARCHIVE_VERSION" ]; then WHY="$WHY
go-offline: would install $ARCHIVE_VERSION at $GOROOT_DIR (there now: \${have:-no Go})"; fi
  rec=''
  if [ -f "$STATE" ]; then
    if command -v python3 >/dev/null 2>&1; then rec=$(python3 -c "$STATE_SHA_PY" "$STATE" "$GOROOT_DIR")
    elif grep -q "$ARCHIVE_SHA256" "$STATE"; then rec=$ARCHIVE_SHA256; fi
  fi
  if [ -z "$WHY" ] && [ "$rec" != "$ARCHIVE_SHA256" ]; then WHY="$WHY
go-offline: would install $ARCHIVE_VERSION again: $GOROOT_DIR was not installed from this archive (no install record in $STATE)"; fi
  if [ -e "$JOURNAL" ]; then WHY="$WHY
go-offline: an earlier install in $PREFIX was interrupted ($JOURNAL)"; fi
  if [ -n "$MODDIR" ] && [ ! -d "$MODDIR" ]; then WHY="$WHY
go-offline: would copy the module proxy to $MODDIR"; fi
  if [ "$PROFILE" = yes ]; then
    check_one() { if [ -d "$1" ] || { [ -e "$1" ] && [ ! -f "$1" ]; }; then WHY="$WHY
go-offline: $1 is not an ordinary file: an install would stop there"; return; fi
      r=$(real_path "$1"); render_target "$r" "$2" "$WORK/next"
      if [ ! -f "$r" ] || ! cmp -s "$r" "$WORK/next"; then WHY="$WHY
go-offline: would write the Go settings to $1"; fi; }
    each_target check_one
  fi
  if [ -n "$WHY" ]; then printf '%s\\n' "\${WHY#?}" >&2; printf '%s\\n' "would-change"; exit 3; fi
  say "up to date: $ARCHIVE_VERSION is installed at $GOROOT_DIR from this bundle and its settings are in place; nothing to change"
  printf '%s\\n' "up-to-date $ARCHIVE_VERSION"
  exit 0
fi

# 1. the prefix's lock (one run at a time changes a prefix, the app's lock), then the archive
TXN=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \\n' | sed 's/^\\(.\\{8\\}\\)\\(.\\{4\\}\\)\\(.\\{4\\}\\)\\(.\\{4\\}\\)/\\1-\\2-\\3-\\4-/')
TOK=$(printf '%s' "$TXN" | cut -c1-8)
JOB_ID="install.sh-$TOK"
TXN_DIR="$SDIR/txn/$TXN"
mkdir -p "$PREFIX" || die "cannot create $PREFIX" "run as root for a system install, or choose --prefix in your home folder"
mkdir -p "$SDIR" || die "cannot create $SDIR" "run as root for a system install, or install for this user (--scope user)"
AUDIT_LOG="$SDIR/audit.jsonl"
if ! take_lock; then
  [ -w "$PREFIX" ] || die "cannot write to $PREFIX" "run as root for a system install, or choose --prefix in your home folder"
  holder=$(sed -n 's/.*"pid":\\([0-9][0-9]*\\).*/\\1/p' "$LOCK" 2>/dev/null || true)
  if [ -n "$holder" ] && ! kill -0 "$holder" 2>/dev/null; then rm -f "$LOCK"; take_lock || die "another install took $PREFIX just now" "wait for it to finish, then run install.sh again"
  else die "another install is changing $PREFIX right now (process \${holder:-unknown} holds $LOCK)" "wait for it to finish, then run install.sh again"; fi
fi
if [ -e "$JOURNAL" ]; then
  die "an earlier install, rollback or uninstall in $PREFIX was interrupted and is not finished or undone yet ($JOURNAL); nothing was changed" "run: go-offline diagnose --prefix $PREFIX (it finishes or undoes it first), then run install.sh again"
fi
audit install.start ",\\"source\\":$(js "\${FROM:-$BUNDLE_DIR}"),\\"scope\\":$(js "$SCOPE"),\\"prefix\\":$(js "$PREFIX"),\\"goroot\\":$(js "$GOROOT_DIR"),\\"host\\":$(js "$PLATFORM")"

ARCHIVE_FILE="$WORK/$(basename "$ARCHIVE")"
if [ -n "$ARCHIVE_PARTS" ]; then
  : > "$ARCHIVE_FILE"
  for part in $ARCHIVE_PARTS; do
    if [ -n "$FROM" ]; then fetch "$part" "$WORK/part" || die "could not download $FROM$part" "check that the relay is running"; cat "$WORK/part" >> "$ARCHIVE_FILE"; rm -f "$WORK/part"
    else [ -f "$BUNDLE_DIR/$part" ] || die "$part is missing from the bundle" "copy the whole bundle again"; cat "$BUNDLE_DIR/$part" >> "$ARCHIVE_FILE"; fi
  done
elif [ -n "$FROM" ]; then
  fetch "$ARCHIVE" "$ARCHIVE_FILE" || die "could not download $FROM$ARCHIVE" "check that the relay is running"
else
  [ -f "$BUNDLE_DIR/$ARCHIVE" ] || die "$ARCHIVE is missing from the bundle" "copy the whole bundle again"
  ARCHIVE_FILE="$BUNDLE_DIR/$ARCHIVE"
fi
say "checking $(basename "$ARCHIVE") ($ARCHIVE_SIZE bytes) with $SHA_TOOL"
GOT=$(sha_of "$ARCHIVE_FILE")
if [ "$GOT" != "$ARCHIVE_SHA256" ]; then
  die "$(basename "$ARCHIVE") is damaged: its sha256 is $GOT, the bundle says $ARCHIVE_SHA256; nothing was installed" "copy the bundle again (the USB drive may be failing)"
fi
audit archive.verified ",\\"file\\":$(js "$ARCHIVE"),\\"sha256\\":$(js "$GOT"),\\"expected\\":$(js "$ARCHIVE_SHA256")"

# 2. extract into a staging folder inside the prefix (the same disk), and run the new go there first
STAGE="$PREFIX/.go-offline-staging-$$-$TOK"
mkdir "$STAGE" || die "cannot write to $PREFIX" "run as root for a system install, or choose --prefix in your home folder"
say "extracting to $GOROOT_DIR"
if ! tar -xzf "$ARCHIVE_FILE" -C "$STAGE" 2> "$WORK/tar.err"; then
  if grep -qi 'no space' "$WORK/tar.err"; then
    die "there is not enough free space in $PREFIX to unpack Go (about $((ARCHIVE_SIZE * 3 / 1048576)) MB is needed); nothing was changed" "free space in $PREFIX or choose another --prefix, then run install.sh again"
  fi
  die "extracting the archive failed: $(head -n 1 "$WORK/tar.err"); nothing was changed" "check free space in $PREFIX, then run install.sh again"
fi
[ -x "$STAGE/go/bin/go" ] || die "the archive does not contain go/bin/go; nothing was changed" "copy the bundle again"
if ! RUNS=$(cd "$STAGE/go" && GOTOOLCHAIN=local GOENV=off LC_ALL=C ./bin/go version 2>&1); then
  die "the Go in this archive does not run on this machine: $RUNS; nothing was changed" "if it says 'Exec format error' the archive is for another CPU; 'No such file or directory' means a missing loader (Alpine/musl needs Go 1.21+ or gcompat)"
fi
audit staging.runs ",\\"command\\":\\"go version\\",\\"output\\":$(js "$RUNS")"
VERSION=$(head -n 1 "$STAGE/go/VERSION" 2>/dev/null || printf '%s' "$ARCHIVE_VERSION")
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
# the installed file list (what diagnose compares the folder with), made before anything moves
FILE_LIST=''; NFILES=0; NBYTES=0
if (cd "$STAGE/go" && find . \\( -type f -o -type l \\) -printf '%P\\t%s\\t%m\\t%y\\t%l\\n') > "$WORK/files.tsv" 2>/dev/null; then
  mkdir -p "$SDIR/installs"
  FILE_LIST="$SDIR/installs/$VERSION-$STAMP-$TOK.files.jsonl"
  awk -F '\\t' 'function m(d) { return (d >= 4 ? 4 : 0) + (d % 2) } function q(s) { gsub(/\\\\/, "\\\\\\\\", s); gsub(/"/, "\\\\\\"", s); return "\\"" s "\\"" } { mode = substr($3, length($3) - 2); u = substr(mode, 1, 1) + 0; g = substr(mode, 2, 1) + 0; o = substr(mode, 3, 1) + 0; dec = u * 64 + m(g) * 8 + m(o); if ($4 == "l") printf "{\\"path\\":%s,\\"size\\":0,\\"mode\\":%d,\\"type\\":\\"symlink\\",\\"linkTarget\\":%s}\\n", q($1), dec, q($5); else { printf "{\\"path\\":%s,\\"size\\":%d,\\"mode\\":%d,\\"type\\":\\"file\\"}\\n", q($1), $2, dec; n++; b += $2 } } END { printf "%d %d\\n", n, b > "/dev/stderr" }' "$WORK/files.tsv" > "$FILE_LIST.$$.tmp" 2> "$WORK/counts"
  sync_file "$FILE_LIST.$$.tmp"; mv -f "$FILE_LIST.$$.tmp" "$FILE_LIST"
  read -r NFILES NBYTES < "$WORK/counts" || true
fi

# 3. what is there now: a Go (kept aside, named as the app names it), or something else (refused)
OLD_VERSION=''; HAD_OLD=no; ASIDE=''
if [ -e "$GOROOT_DIR" ] || [ -L "$GOROOT_DIR" ]; then
  if [ -f "$GOROOT_DIR/VERSION" ] || [ -e "$GOROOT_DIR/bin/go" ] || [ -d "$GOROOT_DIR/src/runtime" ]; then
    HAD_OLD=yes
    OLD_VERSION=$(head -n 1 "$GOROOT_DIR/VERSION" 2>/dev/null || true)
    ASIDE="$PREFIX/.go-previous-$(printf '%s' "\${OLD_VERSION:-unknown}" | tr -c 'A-Za-z0-9._-' '_')-$STAMP"
  else
    die "$GOROOT_DIR is there but is not a Go installation, so install.sh will not replace it; nothing was changed" "move $GOROOT_DIR away or choose another --prefix"
  fi
fi
write_journal

# 4. the bundled module proxy, copied next to our data (journaled swap)
MODULE_PROXY_JSON=null
if [ -n "$MODDIR" ]; then
  mkdir -p "$(dirname "$MODDIR")"
  PROXY_NEW="$MODDIR.new-$$-$TOK"
  cp -R "$BUNDLE_DIR/$MODULES_PROXY" "$PROXY_NEW" || die "cannot copy the module proxy to $PROXY_NEW" "check free space there"
  (cd "$BUNDLE_DIR" && grep "  $MODULES_PROXY/" SHA256SUMS | sed "s#  $MODULES_PROXY/#  #" | (cd "$PROXY_NEW" && $SHA_TOOL -c - >/dev/null)) || die "the module proxy on the media is damaged; nothing was changed" "copy the bundle again"
  if [ -e "$MODDIR" ]; then PROXY_OLD="$MODDIR.old-$$-$TOK"; jmove "$MODDIR" "$PROXY_OLD"; fi
  jmove "$PROXY_NEW" "$MODDIR"; PROXY_NEW=''
  MODULE_PROXY_JSON="{\\"path\\":$(js "$MODDIR"),\\"url\\":$(js "$(file_url "$MODDIR")")}"
  say "module proxy copied to $MODDIR"
fi

# 5. settings: the app's blocks in the files the app writes (snapshotted in the journal first)
CHANGES=''
write_target() {
  r=$(real_path "$1")
  created=true; [ -e "$r" ] && created=false
  added=false
  if [ "$created" = false ] && ! has_block "$r" && ! last_byte_is_newline "$r"; then added=true; fi
  render_target "$r" "$2" "$WORK/next"
  backup=''
  if [ "$created" = true ] || ! cmp -s "$r" "$WORK/next"; then
    if [ "$created" = false ]; then
      mkdir -p "$SDIR/backups"
      backup="$SDIR/backups/$(printf '%s' "$1" | tr '/:' '__').$(date +%s)000.bak"
      cp -p "$r" "$backup"
      audit env.backup ",\\"path\\":$(js "$1"),\\"backup\\":$(js "$backup")"
    fi
    mkdir -p "$(dirname "$r")"
    if [ -f "$r" ]; then cp -p "$r" "$r.go-offline-$$.tmp"; fi
    cat "$WORK/next" > "$r.go-offline-$$.tmp" && sync_file "$r.go-offline-$$.tmp" && mv -f "$r.go-offline-$$.tmp" "$r" || { rm -f "$r.go-offline-$$.tmp"; die "cannot write $1" "check free space and rights there"; }
    audit env.write ",\\"path\\":$(js "$1"),\\"kind\\":\\"$3\\",\\"created\\":$created"
    say "settings written to $1"
  fi
  if [ -n "$CHANGES" ]; then CHANGES="$CHANGES,"; fi
  bj=''; if [ -n "$backup" ]; then bj=",\\"backup\\":$(js "$backup")"; fi
  CHANGES="$CHANGES{\\"kind\\":\\"$3\\",\\"target\\":$(js "$1"),\\"created\\":$created$bj,\\"addedLeadingNewline\\":$added,\\"readBy\\":$(js "$4")}"
}
snapshot_target() { snapshot "$(real_path "$1")"; }
if [ "$PROFILE" = yes ]; then
  one_line 'the Go folder' "$GOBIN_DIR"
  one_line 'the module proxy address' "$PROXY_URL"
  each_target check_target
  each_target snapshot_target
  write_journal
  each_target write_target
fi
if [ -n "\${GOROOT:-}" ] && [ "$GOROOT" != "$GOROOT_DIR" ]; then
  say "warning: GOROOT is set to $GOROOT in this session; remove it from your startup files (Go finds its own root)"
fi

# 6. the swap: the old Go aside, the new one into place (both renames journaled)
if [ "$HAD_OLD" = yes ]; then jmove "$GOROOT_DIR" "$ASIDE"; say "moved the Go that was at $GOROOT_DIR ($OLD_VERSION) to $ASIDE"; fi
jmove "$STAGE/go" "$GOROOT_DIR"
audit tree.swap ",\\"goroot\\":$(js "$GOROOT_DIR"),\\"version\\":$(js "$VERSION"),\\"previous\\":$(if [ -n "$ASIDE" ]; then js "$ASIDE"; else printf null; fi)"

# 7. the install record (the commit point: the state file names this journal's transaction)
NOW=$(now_iso)
if [ "$HAD_OLD" = yes ]; then
  OV=null; if [ -n "$OLD_VERSION" ]; then OV=$(js "$OLD_VERSION"); fi
  PREV="{\\"path\\":$(js "$ASIDE"),\\"version\\":$OV,\\"movedAt\\":\\"$NOW\\",\\"record\\":null}"
  ORIG="{\\"path\\":$(js "$ASIDE"),\\"version\\":$OV}"
else PREV=null; ORIG=null; fi
PATHADD=$(js "$GOBIN_DIR"); if [ -n "$TCBIN" ]; then PATHADD="$PATHADD,$(js "$TCBIN")"; fi
VARS="\\"GOTOOLCHAIN\\":\\"$TC\\",\\"GOPROXY\\":$(js "$GOPROXY_VALUE")"
printf '{"schema":"go-offline/install@1","scope":%s,"prefix":%s,"goroot":%s,"version":%s,"platform":%s,"installedAt":"%s","archive":{"filename":%s,"sha256":%s,"size":%s,"verified":true},"source":%s,"files":%s,"bytes":%s,"fileListPath":%s,"previous":%s,"moduleProxy":%s,"environment":{"vars":{%s},"pathAdd":[%s],"changes":[%s]},"auditLog":%s,"original":%s,"txn":%s,"installedBy":"install.sh"}\\n' \\
  "$(js "$SCOPE")" "$(js "$PREFIX")" "$(js "$GOROOT_DIR")" "$(js "$VERSION")" "$(js "$PLATFORM")" "$NOW" "$(js "$(basename "$ARCHIVE")")" "$(js "$GOT")" "$ARCHIVE_SIZE" "$(js "\${FROM:-$BUNDLE_DIR}")" "$NFILES" "$NBYTES" "$(js "$FILE_LIST")" "$PREV" "$MODULE_PROXY_JSON" "$VARS" "$PATHADD" "$CHANGES" "$(js "$AUDIT_LOG")" "$ORIG" "$(js "$TXN")" > "$WORK/record.json"
CLEANUP="$(js "$STAGE"),$(js "$TXN_DIR")"
if [ -n "$PROXY_OLD" ]; then CLEANUP="$CLEANUP,$(js "$PROXY_OLD")"; fi
write_journal
if command -v python3 >/dev/null 2>&1; then
  OLDER=$(python3 -c "$STATE_MERGE_PY" "$STATE" "$WORK/record.json" "$TXN" "$PREFIX") || die "cannot write the install record $STATE" "check free space and rights in $SDIR"
else
  if [ -f "$STATE" ]; then cp -p "$STATE" "$STATE.before-$STAMP"; say "python3 is not installed here, so the earlier install record was kept as $STATE.before-$STAMP and the new record holds this install only"; fi
  OLDER=''
  printf '{"schema":"go-offline/install-state@1","current":%s,"records":{%s:%s},"lastTxn":%s,"prefixes":[%s]}\\n' "$(js "$GOROOT_DIR")" "$(js "$GOROOT_DIR")" "$(cat "$WORK/record.json")" "$(js "$TXN")" "$(js "$PREFIX")" > "$STATE.$$.tmp" && sync_file "$STATE.$$.tmp" && mv -f "$STATE.$$.tmp" "$STATE" || die "cannot write the install record $STATE" "check free space and rights in $SDIR"
fi
COMMITTED=yes

# 8. after the commit: tidy up (an older previous Go of ours, the staging folder, snapshots)
if [ -n "$OLDER" ]; then rm -rf "$OLDER"; fi
rm -rf "$STAGE" "$TXN_DIR"; STAGE=''
if [ -n "$PROXY_OLD" ]; then rm -rf "$PROXY_OLD"; fi
rm -f "$JOURNAL"
audit install.done ",\\"goroot\\":$(js "$GOROOT_DIR"),\\"version\\":$(js "$VERSION"),\\"sha256\\":$(js "$GOT"),\\"files\\":$NFILES,\\"fileList\\":$(js "$FILE_LIST")"

# 9. prove it runs where it now is
if ! OUT=$(GOTOOLCHAIN=local "$GOBIN_DIR/go" version 2>&1); then
  die "the installed go does not run: $OUT" "if it says 'Exec format error' the archive is for another CPU; 'No such file or directory' means a missing loader (Alpine/musl needs Go 1.21+ or gcompat)"
fi
printf '%s\\n' "$OUT"
say "done. Open a new terminal (or log in again) so that PATH includes $GOBIN_DIR"
`;
}

export function renderInstallPs1(ctx: ScriptContext): string {
  check(ctx);
  const win = ctx.archives.filter((a) => a.os === 'windows' && a.path.endsWith('.zip'));
  const table = win
    .map((a) => `  ${psQuote(a.arch)} = @{ Path = ${psQuote(a.path)}; Sha256 = ${psQuote(a.sha256)}; Size = ${a.size}; Parts = @(${(a.parts ?? []).map((p) => psQuote(p.path)).join(', ')}) }`)
    .join('\n');
  const env = Object.entries(ctx.environment)
    .map(([k, v]) => `Set-EnvValue ${psQuote(k)} ${psQuote(v)}`)
    .join('\n');
  return `# install.ps1: installs ${ctx.goVersion} from this Go offline bundle on Windows.
# Generated by go-offline ${APP_VERSION} on ${ctx.createdAt}.
# Usage: powershell -ExecutionPolicy Bypass -File install.ps1 [-Prefix DIR] [-Scope User|Machine]
# Writes PATH and settings to the registry (HKCU or HKLM \\Environment) keeping REG_EXPAND_SZ; never uses setx.
param(
  [string]$Prefix = '',
  [ValidateSet('User', 'Machine')][string]$Scope = 'User'
)
$ErrorActionPreference = 'Stop'
$GoVersion = ${psQuote(ctx.goVersion)}
$Archives = @{
${table}
}
function Fail($what, $fix) { Write-Host "go-offline: ERROR: $what" -ForegroundColor Red; if ($fix) { Write-Host "go-offline: what to do: $fix" }; exit 1 }

$arch = switch ($env:PROCESSOR_ARCHITEW6432, $env:PROCESSOR_ARCHITECTURE | Where-Object { $_ } | Select-Object -First 1) {
  'AMD64' { 'amd64' } 'ARM64' { 'arm64' } 'x86' { '386' } default { $_ }
}
$entry = $Archives[$arch]
if (-not $entry) { Fail "this bundle has no Go archive for windows-$arch" "create a bundle that includes windows-$arch" }
if (-not $Prefix) { if ($Scope -eq 'Machine') { $Prefix = $env:ProgramFiles } else { $Prefix = Join-Path $env:LOCALAPPDATA 'Programs' } }
$bundle = $PSScriptRoot
$work = Join-Path ([IO.Path]::GetTempPath()) ("go-offline-" + [guid]::NewGuid())
New-Item -ItemType Directory -Path $work | Out-Null
try {
  $zip = Join-Path $work ([IO.Path]::GetFileName($entry.Path))
  if ($entry.Parts.Count -gt 0) {
    $out = [IO.File]::Create($zip)
    try { foreach ($p in $entry.Parts) { $in = [IO.File]::OpenRead((Join-Path $bundle $p)); try { $in.CopyTo($out) } finally { $in.Dispose() } } } finally { $out.Dispose() }
  } else { $zip = Join-Path $bundle $entry.Path }
  if (-not (Test-Path $zip)) { Fail "$($entry.Path) is missing from the bundle" 'copy the whole bundle again' }
  $got = (Get-FileHash -Algorithm SHA256 -Path $zip).Hash.ToLowerInvariant()
  if ($got -ne $entry.Sha256) { Fail "$($entry.Path) is damaged (sha256 $got, expected $($entry.Sha256))" 'copy the bundle again; nothing was installed' }
  $target = Join-Path $Prefix 'Go'
  $new = Join-Path $Prefix ('.go-offline-new-' + $PID)
  Expand-Archive -Path $zip -DestinationPath $new -Force
  if (Test-Path $target) {
    $old = "$target.old-" + (Get-Date -Format 'yyyyMMddHHmmss')
    Move-Item $target $old
    Write-Host "go-offline: moved the existing Go to $old"
  }
  Move-Item (Join-Path $new 'go') $target
  Remove-Item $new -Recurse -Force
} finally { Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue }

$hive = if ($Scope -eq 'Machine') { [Microsoft.Win32.Registry]::LocalMachine.OpenSubKey('SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment', $true) } else { [Microsoft.Win32.Registry]::CurrentUser.OpenSubKey('Environment', $true) }
function Set-EnvValue($name, $value) { $hive.SetValue($name, $value, [Microsoft.Win32.RegistryValueKind]::String) }
$bin = Join-Path $target 'bin'
$path = $hive.GetValue('Path', '', [Microsoft.Win32.RegistryValueOptions]::DoNotExpandEnvironmentNames)
$parts = @($path -split ';' | Where-Object { $_ -and ($_ -ne $bin) })
$hive.SetValue('Path', (@($bin) + $parts) -join ';', [Microsoft.Win32.RegistryValueKind]::ExpandString)
Set-EnvValue 'GOTOOLCHAIN' 'local'
${env}
$hive.Close()
Add-Type -Namespace GoOffline -Name Native -MemberDefinition '[DllImport("user32.dll", CharSet=CharSet.Auto)] public static extern IntPtr SendMessageTimeout(IntPtr h, uint m, UIntPtr w, string l, uint f, uint t, out UIntPtr r);'
$r = [UIntPtr]::Zero
[void][GoOffline.Native]::SendMessageTimeout([IntPtr]0xffff, 0x1A, [UIntPtr]::Zero, 'Environment', 2, 5000, [ref]$r)
$env:GOTOOLCHAIN = 'local'
& (Join-Path $bin 'go.exe') version
if ($LASTEXITCODE -ne 0) { Fail 'the installed go.exe does not run' 'check that antivirus did not quarantine go.exe; compare its sha256 with the bundle' }
Write-Host 'go-offline: done. Open a new console so that PATH includes' $bin
`;
}

/**
 * Ansible playbook: installs on many hosts from the media (the archive copied once per host) or
 * from a relay (each host pulls it), through install.sh on each host, so every host gets the app's
 * layout, blocks, state file, journal and audit log. Idempotent (install.sh --check decides, so a
 * second run changes nothing and says so), honest under --check, in batches (`serial`) that stop
 * when too many hosts of a batch fail (`max_fail_percentage`), with a per-host summary.
 */
export function renderPlaybook(ctx: ScriptContext): string {
  check(ctx);
  const unix = ctx.archives.filter((a) => a.path.endsWith('.tar.gz'));
  const yamlStr = (s: string) => JSON.stringify(s);
  const archives = unix
    .map((a) => {
      const files = (a.parts && a.parts.length > 0 ? a.parts : [{ path: a.path, sha256: a.sha256, size: a.size }])
        .map((f) => `          - { path: ${yamlStr(f.path)}, sha256: ${yamlStr(f.sha256)} }`)
        .join('\n');
      return `      ${yamlStr(a.platform)}:\n        path: ${yamlStr(a.path)}\n        sha256: ${yamlStr(a.sha256)}\n        version: ${yamlStr(a.path.split('/').pop()!.replace(/\.(linux|darwin|freebsd)-.*$/, ''))}\n        files:\n${files}`;
    })
    .join('\n');
  const modules = ctx.modulesProxyPath ? yamlStr(ctx.modulesProxyPath) : '""';
  return `---
# Installs ${ctx.goVersion} from a Go offline bundle on many hosts (generated by go-offline ${APP_VERSION}).
#
#   ansible-playbook -i inventory.ini install-go.yml              (the archive is copied from this media)
#   ansible-playbook -i inventory.ini install-go.yml --check      (says what would change, changes nothing)
#   ansible-playbook -i inventory.ini install-go.yml -e go_offline_source=relay -e go_offline_relay_url=http://relay:8080/
#                                                                 (each host pulls it from \`go-offline serve\`)
# On each host: install.sh --check says whether this Go and its settings are already in place (then
# nothing is copied or changed); otherwise the archive is copied once, its sha256 checked on the host,
# and install.sh installs it exactly as the app does (so go-offline verify, diagnose, rollback and
# uninstall work there afterwards). Then go version, go env and a hello world run in a login shell.
# A host that fails keeps the Go it had. Hosts go in batches: first one host, then the rest
# (go_offline_serial); a batch where more than go_offline_max_fail_percentage % of hosts fail stops
# the run, so a bad bundle stops after the first host.
- name: Install Go from a go-offline bundle
  hosts: "{{ go_offline_hosts | default('all') }}"
  gather_facts: true
  gather_subset: [min]
  serial: "{{ go_offline_serial | default([1, '100%']) }}"
  max_fail_percentage: "{{ go_offline_max_fail_percentage | default(50) }}"
  # the settings a person sets (inventory, group_vars or -e) are read through default() below, never
  # defined here: play vars would win over the inventory's
  vars:
    go_offline_modules_proxy_path: ${modules}
    go_offline_archives:
${archives}
    go_offline_os_map: { Linux: linux, Darwin: darwin, FreeBSD: freebsd }
    go_offline_arch_map: { x86_64: amd64, amd64: amd64, aarch64: arm64, arm64: arm64, armv6l: armv6l, armv7l: armv6l, i386: "386", i686: "386", ppc64le: ppc64le, s390x: s390x, riscv64: riscv64, loongarch64: loong64 }
  tasks:
    - name: Work out this host's settings and platform
      ansible.builtin.set_fact:
        go_offline_source_here: "{{ go_offline_source | default('media') }}"                       # media | relay
        go_offline_bundle_dir_here: "{{ go_offline_bundle_dir | default(playbook_dir ~ '/..') }}"
        go_offline_relay_url_here: "{{ go_offline_relay_url | default('') }}"
        go_offline_scope_here: "{{ go_offline_scope | default('system') }}"                        # system | user
        go_offline_home_here: "{{ go_offline_home | default(ansible_env.HOME | default('/root')) }}"
        go_offline_shell_here: "{{ go_offline_login_shell | default('bash') }}"
        go_offline_platform: "{{ go_offline_os_map[ansible_system] | default(ansible_system | lower) }}-{{ go_offline_arch_map[ansible_architecture] | default(ansible_architecture) }}"
        go_offline_summary: ""

    - name: Work out this host's install and work folders
      ansible.builtin.set_fact:
        # default: /usr/local for system scope, ~/.local for user scope (as install.sh and the app)
        go_offline_prefix_here: "{{ go_offline_prefix | default('', true) or ('/usr/local' if go_offline_scope_here == 'system' else go_offline_home_here ~ '/.local') }}"
        go_offline_work_here: "{{ go_offline_work_dir | default(go_offline_home_here ~ '/.cache/go-offline-playbook') }}"

    - name: Install and check Go on this host
      environment:
        HOME: "{{ go_offline_home_here }}"
      block:
        - name: Check that the bundle has a Go for this host's platform
          ansible.builtin.assert:
            that: go_offline_platform in go_offline_archives
            fail_msg: >-
              This bundle has no Go for {{ go_offline_platform }} (this host reports {{ ansible_system }} {{ ansible_architecture }});
              it has Go for {{ go_offline_archives.keys() | join(', ') }}. To add this platform, on the machine that made the bundle run:
              go-offline bundle create --platform {{ go_offline_platform }} (plus the platforms you already have), then copy the new bundle.
            quiet: true

        - name: See what is installed now (changes nothing)
          ansible.builtin.script:
            cmd: "{{ (go_offline_bundle_dir_here ~ '/install.sh') | quote }} --check --scope {{ go_offline_scope_here | quote }} --prefix {{ go_offline_prefix_here | quote }}"
            executable: sh
          register: go_offline_probe
          changed_when: false
          failed_when: go_offline_probe.rc not in [0, 3]
          check_mode: false

        - name: Remember whether this host needs the install
          ansible.builtin.set_fact:
            go_offline_needed: "{{ go_offline_probe.rc == 3 }}"
            go_offline_version: "{{ go_offline_archives[go_offline_platform].version }}"
            # install.sh's words (over ssh the script module may merge stderr into stdout)
            go_offline_said: "{{ (go_offline_probe.stdout_lines + go_offline_probe.stderr_lines) | map('regex_replace', '\\r$', '') | select('match', 'go-offline: ') | map('regex_replace', '^go-offline: ', '') | list }}"
        - name: Remember what is there now
          ansible.builtin.set_fact:
            go_offline_before: "{{ go_offline_said | select('search', 'there now: ') | map('regex_replace', '^.*there now: ([^)]*)\\\\).*$', '\\\\1') | first | default('no Go') }}"

        - name: Say what would change (check mode)
          ansible.builtin.debug:
            msg: "{{ go_offline_said }}"
          changed_when: true
          when: ansible_check_mode and go_offline_needed

        - name: Make a work folder on the host
          ansible.builtin.file:
            path: "{{ go_offline_work_here }}/{{ item }}"
            state: directory
            mode: "0700"
          loop: "{{ ['.'] + (go_offline_archives[go_offline_platform].files | map(attribute='path') | map('dirname') | unique | list) }}"
          when: go_offline_needed and not ansible_check_mode

        - name: Copy install.sh to the host
          ansible.builtin.copy:
            src: "{{ go_offline_bundle_dir_here }}/install.sh"
            dest: "{{ go_offline_work_here }}/install.sh"
            mode: "0700"
          when: go_offline_needed and not ansible_check_mode

        - name: Copy the Go archive to the host (once)
          ansible.builtin.copy:
            src: "{{ go_offline_bundle_dir_here }}/{{ item.path }}"
            dest: "{{ go_offline_work_here }}/{{ item.path }}"
            mode: "0600"
          loop: "{{ go_offline_archives[go_offline_platform].files }}"
          loop_control:
            label: "{{ item.path }}"
          when: go_offline_needed and not ansible_check_mode and go_offline_source_here == 'media'

        - name: Copy the module proxy and its checksums to the host
          ansible.builtin.copy:
            # a folder without a trailing slash is copied as itself into dest's folder
            src: "{{ go_offline_bundle_dir_here }}/{{ item }}"
            dest: "{{ go_offline_work_here }}/{{ item | dirname }}/"
            mode: preserve
          loop: "{{ [go_offline_modules_proxy_path, 'SHA256SUMS'] }}"
          when: go_offline_needed and not ansible_check_mode and go_offline_source_here == 'media' and go_offline_modules_proxy_path

        - name: Install Go (install.sh checks the sha256 here on the host, keeps the old Go aside, writes the settings)
          ansible.builtin.command:
            argv: "{{ ['sh', go_offline_work_here ~ '/install.sh', '--scope', go_offline_scope_here, '--prefix', go_offline_prefix_here] + (['--from', go_offline_relay_url_here] if go_offline_source_here == 'relay' else []) }}"
          register: go_offline_install
          changed_when: go_offline_install.rc == 0
          when: go_offline_needed and not ansible_check_mode

        - name: Check the new Go in a login shell (go version, go env, hello world)
          ansible.builtin.command:
            argv:
              - "{{ go_offline_shell_here }}"
              - -lc
              - |
                set -e
                go version
                go env GOROOT GOTOOLCHAIN GOPROXY
                mkdir -p "$GO_OFFLINE_HELLO"
                cd "$GO_OFFLINE_HELLO"
                printf 'package main\\n\\nimport "fmt"\\n\\nfunc main() { fmt.Println("hello, world") }\\n' > hello.go
                go run hello.go
          environment:
            HOME: "{{ go_offline_home_here }}"
            GO_OFFLINE_HELLO: "{{ go_offline_work_here }}/hello"
            GOCACHE: "{{ go_offline_work_here }}/gocache"
          register: go_offline_verify
          changed_when: false
          failed_when: >-
            go_offline_verify.rc != 0 or
            ('go version ' ~ go_offline_version ~ ' ') not in go_offline_verify.stdout or
            go_offline_verify.stdout_lines[1] | default('') != go_offline_prefix_here ~ '/go' or
            go_offline_verify.stdout_lines[-1] | default('') != 'hello, world'
          when: go_offline_needed and not ansible_check_mode

        - name: Check the Go already there answers in a login shell
          ansible.builtin.command:
            argv: ["{{ go_offline_shell_here }}", -lc, go version]
          register: go_offline_there
          changed_when: false
          failed_when: go_offline_there.rc != 0 or ('go version ' ~ go_offline_version ~ ' ') not in go_offline_there.stdout
          check_mode: false
          when: not go_offline_needed

        - name: Remove the work folder
          ansible.builtin.file:
            path: "{{ go_offline_work_here }}"
            state: absent
          when: go_offline_needed and not ansible_check_mode

        - name: Note the result
          ansible.builtin.set_fact:
            go_offline_summary: >-
              {{ inventory_hostname }}: {{ ('would install ' ~ go_offline_version ~ ' (there now: ' ~ go_offline_before ~ ')') if (ansible_check_mode and go_offline_needed)
              else ('installed and verified ' ~ go_offline_version ~ ' at ' ~ go_offline_prefix_here ~ '/go (go version, go env and hello world in a login shell)') if go_offline_needed
              else ('already installed, nothing changed (' ~ go_offline_version ~ ' at ' ~ go_offline_prefix_here ~ '/go answers in a login shell)') }}

      rescue:
        - name: See which Go this host has now
          ansible.builtin.command:
            argv: [sh, -c, 'head -n 1 "$1/go/VERSION" 2>/dev/null || true', sh, "{{ go_offline_prefix_here }}"]
          register: go_offline_now
          changed_when: false
          check_mode: false

        - name: Note the reason
          ansible.builtin.set_fact:
            go_offline_summary: >-
              {{ inventory_hostname }}: NOT installed: {{ (ansible_failed_result.stderr_lines | default([]) | select('match', 'go-offline: (ERROR|what to do): ') | map('regex_replace', '^go-offline: (ERROR: )?', '') | join(' ')) or ansible_failed_result.msg | default('the task ' ~ ansible_failed_task.name ~ ' failed') }}
              {{ ('Old Go kept (' ~ go_offline_now.stdout ~ ' at ' ~ go_offline_prefix_here ~ '/go).') if go_offline_now.stdout else 'There was no Go at ' ~ go_offline_prefix_here ~ '/go before, and there is none now.' }}

        - name: Remove the work folder
          ansible.builtin.file:
            path: "{{ go_offline_work_here }}"
            state: absent
          when: not ansible_check_mode

        - name: Stop here for this host
          ansible.builtin.fail:
            msg: "{{ go_offline_summary }}"

    - name: Result for this host
      ansible.builtin.debug:
        msg: "{{ go_offline_summary }}"

- name: Summary of every host
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Summary
      ansible.builtin.debug:
        msg: "{{ groups['all'] | map('extract', hostvars) | selectattr('go_offline_summary', 'defined') | map(attribute='go_offline_summary') | list }}"
`;
}

export function renderInventory(): string {
  return `# Example inventory for install-go.yml. Copy it to inventory.ini and list your hosts.
# 示例主机清单：复制为 inventory.ini 并填入你的主机。

[go_hosts]
# build01.example.internal ansible_user=admin
# build02.example.internal ansible_user=admin

[go_hosts:vars]
# Settings (all optional) / 可选设置：
# go_offline_scope=system            # system (default, /usr/local/go for everyone) or user (~/.local/go)
#                                    # system（默认，为所有用户安装到 /usr/local/go）或 user（~/.local/go）
# go_offline_prefix=/usr/local       # install folder (Go goes to <prefix>/go) / 安装目录（Go 位于 <prefix>/go）
# go_offline_source=media            # media (copy from this media) or relay / media（从本介质复制）或 relay（从中转下载）
# go_offline_relay_url=http://relay.example.internal:8080/
# go_offline_serial=[1, "100%"]      # batches: one host first, then the rest / 分批：先一台，再其余
# go_offline_max_fail_percentage=50  # stop when more hosts of a batch fail / 一批中失败超过此比例即停止
# ansible_become=true

# To try it on this machine only / 仅在本机试用：
# localhost ansible_connection=local
`;
}

const INSTALLER_HOWTO: Record<string, { en: string; zh: string }> = {
  AppImage: { en: 'make it executable (chmod +x) and run it', zh: '添加执行权限（chmod +x）后直接运行' },
  deb: { en: 'sudo apt install ./<file>', zh: 'sudo apt install ./<文件>' },
  rpm: { en: 'sudo dnf install ./<file>', zh: 'sudo dnf install ./<文件>' },
  'tar.gz': { en: 'unpack it and run go-offline-installer inside', zh: '解压后运行其中的 go-offline-installer' },
  nsis: { en: 'run the setup program', zh: '运行安装程序' },
  portable: { en: 'run it, nothing is installed', zh: '直接运行，无需安装' },
  dmg: { en: 'open it and drag the app to Applications', zh: '打开后把应用拖到“应用程序”文件夹' },
  zip: { en: 'unzip it and open the app', zh: '解压后打开应用' },
};

function installersText(ctx: ScriptContext, lang: 'en' | 'zh'): string {
  if (!ctx.installers?.length) return '';
  const head =
    lang === 'en'
      ? '    The app itself is on this media (folder installers/, checked by SHA256SUMS like every file):\n'
      : '    应用本身也在本介质上（installers/ 文件夹，与其他文件一样由 SHA256SUMS 校验）：\n';
  const lines = ctx.installers.map((i) => `      ${i.platform}: ${i.path}  (${INSTALLER_HOWTO[i.kind]?.[lang] ?? i.kind})\n`).join('');
  return head + lines;
}

export function renderReadme(ctx: ScriptContext): string {
  for (const i of ctx.installers ?? []) if (!SAFE_PATH.test(i.path)) throw new Error(`installer path not safe for README: ${i.path}`);
  const plats = [...new Set(ctx.archives.map((a) => a.platform))].join(', ');
  const versions = ctx.versions ?? [{ version: ctx.goVersion, platforms: [...new Set(ctx.archives.map((a) => a.platform))] }];
  for (const v of versions) if (!/^go[0-9A-Za-z.]+$/.test(v.version) || v.platforms.some((p) => !/^[a-z0-9]+-[a-z0-9]+$/.test(p))) throw new Error(`bad Go version or platform ${v.version}`);
  const head =
    versions.length > 1
      ? `Go versions on this media / 本介质上的 Go 版本:
${versions.map((v) => `  ${v.version}: ${v.platforms.join(', ')}`).join('\n')}
install.sh, install.ps1 and the playbook install ${ctx.goVersion}; for another version use the app or:
  go-offline install --bundle <this folder> --go-version <version>
install.sh、install.ps1 和 playbook 安装 ${ctx.goVersion}；要安装其他版本，请使用应用或运行：
  go-offline install --bundle <本文件夹> --go-version <版本>`
      : `${ctx.goVersion} for ${plats}`;
  return `Go offline bundle / Go 离线安装包
================================

${head}
Made by go-offline ${APP_VERSION} on ${ctx.createdAt}.

--------------------------------------------------------------------
English
--------------------------------------------------------------------
What this is
  Everything needed to install the Go toolchain on machines without internet:
  the official Go archives (folder go/)${ctx.modulesProxyPath ? ', the Go modules your projects need (folder modules/)' : ''},
  install scripts, and checksums of every file (SHA256SUMS).

1. Check the copy first (on any Linux machine, nothing else needed):
     cd <this folder> && sha256sum -c SHA256SUMS
   Every line must say OK. If one says FAILED, copy the bundle again.

2a. With the Go Offline Installer app: open it, choose "Install", and select this folder.
    Or on the command line: go-offline install --bundle <this folder>
${installersText(ctx, 'en')}
2b. Without the app (Linux, macOS):
     sh install.sh                      (as root: installs to /usr/local/go for everyone)
     sh install.sh --prefix ~/.local    (as a normal user: installs to ~/.local/go)
    It picks the archive for this CPU, checks its sha256, moves an existing Go aside,
    writes PATH and GOTOOLCHAIN to your startup files (local; for Go 1.21 and newer
    path, so a project asking for another installed Go uses it), and runs "go version".
    Then open a new terminal.

2c. Without the app (Windows): right-click install.ps1, "Run with PowerShell",
    or: powershell -ExecutionPolicy Bypass -File install.ps1

2d. Many machines: see ansible/install-go.yml and ansible/inventory.example.ini:
     ansible-playbook -i ansible/inventory.ini ansible/install-go.yml

Relay: on one machine run "go-offline serve <this folder> --host 0.0.0.0"; other machines can then
install from the printed URL (go-offline install --bundle URL, or sh install.sh --from URL).

Do not run Go from the USB drive itself; install it to a local disk.

--------------------------------------------------------------------
中文
--------------------------------------------------------------------
这是什么
  在没有互联网的机器上安装 Go 工具链所需的全部内容：官方 Go 发布包（go/ 文件夹）${ctx.modulesProxyPath ? '、项目需要的 Go 模块（modules/ 文件夹）' : ''}、
  安装脚本，以及每个文件的校验和（SHA256SUMS）。

1. 先检查副本是否完好（任何 Linux 机器都可以，无需安装其他软件）：
     cd <本文件夹> && sha256sum -c SHA256SUMS
   每一行都必须显示 OK。如果有一行显示 FAILED，请重新复制离线包。

2a. 使用 Go 离线安装器应用：打开应用，选择“安装”，然后选择本文件夹。
    或使用命令行：go-offline install --bundle <本文件夹>
${installersText(ctx, 'zh')}
2b. 不使用应用（Linux、macOS）：
     sh install.sh                      （root 用户：为所有人安装到 /usr/local/go）
     sh install.sh --prefix ~/.local    （普通用户：安装到 ~/.local/go）
    脚本会选择与本机 CPU 匹配的发布包、校验 sha256、把已有的 Go 移到一旁、
    把 PATH 和 GOTOOLCHAIN 写入启动文件（一般为 local；Go 1.21 及更新版本为 path，
    这样要求另一个已安装 Go 版本的项目会使用该版本），并运行 "go version"。
    完成后请打开一个新的终端。

2c. 不使用应用（Windows）：右键点击 install.ps1，选择“使用 PowerShell 运行”，
    或运行：powershell -ExecutionPolicy Bypass -File install.ps1

2d. 批量安装多台机器：参见 ansible/install-go.yml 和 ansible/inventory.example.ini：
     ansible-playbook -i ansible/inventory.ini ansible/install-go.yml

中转模式：在一台机器上运行 "go-offline serve <本文件夹> --host 0.0.0.0"，其他机器即可从
显示的地址安装（go-offline install --bundle 地址，或 sh install.sh --from 地址）。

请不要直接在 U 盘上运行 Go，应安装到本地磁盘。
`;
}
