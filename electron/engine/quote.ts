/**
 * Quoting, one function per dialect (pure, tested against the real shells in quote.test.ts, and
 * against the documented rules where no interpreter exists here). Every value the product writes
 * into a shell startup file, a generated script or another program's command line goes through
 * here; nothing builds quotes by hand.
 *
 * - `shQuote`: sh, bash, zsh (also with zsh's RC_QUOTES): single quotes; a quote inside becomes
 *   `'\''`. Nothing inside single quotes is special, so `$(...)`, backticks, `"` and `\` stay text.
 * - `fishQuote`: fish single quotes, where only `\\` and `\'` are escapes.
 * - `psQuote`: a PowerShell single-quoted string; every quote character (PowerShell also treats
 *   U+2018..U+201B as single quotes) is doubled. `$` and backticks stay text.
 * - `cmdSetLine`: `set "NAME=value"` for a .cmd/.bat file (delayed expansion off, the default):
 *   `%` is doubled; a `"` cannot be written safely there and is refused.
 * - `goEnvValue`: Go's own settings file (`go env -w`) has no quoting at all: a line is
 *   `KEY=VALUE` up to the line break. We refuse what `go env -w` refuses (NUL, line breaks,
 *   invalid UTF-8), so every value round-trips exactly.
 * - `windowsArg`, `appleScriptString`, `psEncode`: command lines for elevation (see install/elevate.ts).
 *
 * Startup files are read line by line, so `oneLine` refuses line breaks in a value before it is
 * quoted for any of them (ENV_VALUE_LINE_BREAK, which says so in both languages).
 *
 * `SH_QUOTE_FN` / `FISH_QUOTE_FN` are the same rules as shell functions (`sq`, `fq`) for the
 * generated install.sh, which quotes values only known on the target machine ($HOME, the prefix);
 * the tests run them in sh on the same hostile strings and compare with the functions above.
 */
import { AppError } from '../../shared/errors';

/** A NUL cannot be passed in any argument or file we write: refused. */
export function noNul(s: string): string {
  if (s.includes('\0')) throw new AppError('BAD_USAGE', { message: 'an argument contains a NUL character' });
  return s;
}

/** One word for sh, bash or zsh. */
export function shQuote(s: string): string {
  return `'${noNul(s).replace(/'/g, `'\\''`)}'`;
}

/** The name elevation has always used for the same rules. */
export const posixQuote = shQuote;

/** One word for fish. */
export function fishQuote(s: string): string {
  return `'${noNul(s).replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/** A PowerShell single-quoted string (PowerShell also treats the typographic quotes as quotes). */
export function psQuote(s: string): string {
  return `'${noNul(s).replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`;
}

/** The name elevation has always used for the same rules. */
export const psString = psQuote;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * One `set` line for a batch file, read with delayed expansion off (cmd's default):
 * inside `set "NAME=value"` the characters & | < > ( ) ^ are text; `%` would expand, so it is
 * doubled; `"`, line breaks and NUL cannot be written safely and are refused.
 */
export function cmdSetLine(name: string, value: string): string {
  if (!ENV_NAME.test(name)) throw new AppError('ENV_INVALID_VALUE', { name, value: value.slice(0, 200), reason: 'not a valid variable name' });
  if (/["\r\n\0]/.test(value)) {
    throw new AppError('ENV_INVALID_VALUE', { name, value: value.slice(0, 200), reason: 'a Windows batch file cannot hold double quotes or line breaks in a value' });
  }
  return `set "${name}=${value.replace(/%/g, '%%')}"`;
}

/** A value for Go's settings file (KEY=VALUE lines, no quoting): refused where Go would refuse it. */
export function goEnvValue(name: string, value: string): string {
  if (/[\0\v\r\n]/.test(value) || value.includes('\uFFFD') || /[\uD800-\uDFFF]/.test(value.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))) {
    throw new AppError('ENV_VALUE_LINE_BREAK', { name, value: printable(value) });
  }
  return value;
}

/** The value as it can be shown in one line of a message: control characters written as JSON escapes. */
function printable(value: string): string {
  return JSON.stringify(value.slice(0, 200)).slice(1, -1);
}

/** Startup files are read line by line: a value with a line break (or NUL) is refused. */
export function oneLine(name: string, value: string): string {
  if (/[\0\r\n\v\f\u0085\u2028\u2029]/.test(value)) {
    throw new AppError('ENV_VALUE_LINE_BREAK', { name, value: printable(value) });
  }
  return value;
}

/** An AppleScript string literal: backslash, double quote and control characters escaped. */
export function appleScriptString(s: string): string {
  return `"${noNul(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}

/** One argument in a Windows command line, as the Microsoft C runtime (and Node, Go…) split it. */
export function windowsArg(s: string): string {
  noNul(s);
  if (s !== '' && !/[ \t\n\v"]/.test(s)) return s;
  let out = '"';
  let backslashes = 0;
  for (const ch of s) {
    if (ch === '\\') {
      backslashes++;
      continue;
    }
    if (ch === '"') {
      out += '\\'.repeat(backslashes * 2 + 1) + '"';
    } else {
      out += '\\'.repeat(backslashes) + ch;
    }
    backslashes = 0;
  }
  return out + '\\'.repeat(backslashes * 2) + '"';
}

/** PowerShell -EncodedCommand: base64 of the UTF-16LE script. */
export function psEncode(script: string): string {
  return Buffer.from(script, 'utf16le').toString('base64');
}

/**
 * The same rules as shell functions for the generated install.sh (POSIX sh, printf and sed only):
 * `sq VALUE` prints VALUE quoted exactly as `shQuote` does, `fq VALUE` as `fishQuote` does, and
 * `one_line NAME VALUE` stops the script (exit 1, saying why) when VALUE holds a line break, as
 * `oneLine` does. Call `one_line` before `$(sq ...)`: an exit inside `$(...)` would not stop it.
 * `file_url DIR` prints `file://DIR` with `%`, space, `#`, `?`, `,` and `|` percent-encoded, so the
 * URL is one GOPROXY entry that Go decodes back to DIR.
 */
export const SH_QUOTE_FUNCTIONS = String.raw`sq() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }
fq() { printf "'%s'" "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e "s/'/\\\\'/g")"; }
file_url() { printf 'file://%s' "$(printf '%s' "$1" | sed -e 's/%/%25/g' -e 's/ /%20/g' -e 's/#/%23/g' -e 's/?/%3F/g' -e 's/,/%2C/g' -e 's/|/%7C/g')"; }
one_line() {
  case "$2" in *"
"*|*"$(printf '\r')"*) printf '%s\n' "go-offline: ERROR: $1 contains a line break, which a startup file cannot hold; nothing was written to your startup files" "go-offline: what to do: choose a folder whose name has no line break (--prefix, HOME, XDG_DATA_HOME)" >&2; exit 1 ;; esac
}`;
