/**
 * Secret removal before anything goes into a support bundle, by NAME PATTERN (a variable, JSON key
 * or `name=value` whose name has a secret word: PASS, SECRET, TOKEN, KEY, AUTH, PW, …; and that
 * value wherever else it appears) and by VALUE SHAPE (credentials in URLs, with or without a
 * scheme, webhook URLs, well-known token shapes), and optionally the user's name in paths.
 */

export const REDACTED = '[redacted]';

export interface RedactOptions {
  /** replace the user's name and home folder in paths with ~ / <user> */
  userNames?: boolean;
  home?: string | null;
  userName?: string | null;
  /** extra literal values to remove wherever they appear (e.g. every secret env value seen) */
  literals?: string[];
}

export interface RedactCounts {
  envValues: number;
  urlCredentials: number;
  tokens: number;
  userNames: number;
}

/** Not secret although a word of the name says so (paths and sockets support needs). */
const NOT_SECRET = new Set(['PWD', 'OLDPWD', 'GOAUTH_MODE', 'XAUTHORITY', 'SSH_AUTH_SOCK', 'GPG_AGENT_INFO', 'KEYTIMEOUT']);

/**
 * Whether one word of a name (upper case) says its value is secret: by pattern, not by a list of
 * known names, so DB_PASS, SSHPASS, GPG_PASSPHRASE, LDAP_BIND_PW, AccountKey, main.key all count.
 */
function secretWord(w: string): boolean {
  return (
    /PASS|SECRET|TOKEN|CREDENTIAL|COOKIE|NETRC/.test(w) || // SSHPASS, DBPASS, PASSPHRASE, AUTHTOKEN
    /^(PW|PWD|PIN|OTP|SIG|SIGNATURE|SESSIONID|CREDS|DSN|AUTH|GOAUTH)$/.test(w) ||
    /(AUTH|PW|PWD|KEYS?)$/.test(w) || // BASICAUTH, BINDPW, DBPWD, KEY, APIKEY, ACCOUNTKEY
    /^AUTH(ORIZATION|TOKEN|KEY)/.test(w)
  );
}

/** The words of a name: split at `_ - . /`, spaces and camelCase (`AccountKey` → ACCOUNT, KEY). */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toUpperCase());
}

export function isSecretName(name: string): boolean {
  const upper = name.toUpperCase();
  if (NOT_SECRET.has(upper)) return false;
  const words = nameWords(name);
  // what identifies a public key is not a secret (keyFingerprint, PUBLIC_KEY)
  if (words.includes('PUBLIC') || words[words.length - 1] === 'FINGERPRINT') return false;
  // the whole name run together too: "sshpass", "dbpassword" have no separators
  return secretWord(upper.replace(/[^A-Z0-9]/g, '')) || words.some(secretWord);
}

const TOKEN_PATTERNS: RegExp[] = [
  /\bgh[pousr]_[A-Za-z0-9]{20,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g,
  /\bglpat-[A-Za-z0-9_-]{16,}\b/g,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g,
  /\bxapp-[A-Za-z0-9-]{10,}\b/g,
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /\bAIza[0-9A-Za-z_-]{35}\b/g,
  /\bnpm_[A-Za-z0-9]{36}\b/g,
  /\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}\b/g,
  /\bsk-[A-Za-z0-9_-]{20,}\b/g,
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{5,}\b/g,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
];

/** Webhook URLs are credentials in their path: keep the host, drop the path. */
const WEBHOOK = /\b(https?:\/\/(?:hooks\.slack\.com(?:\/(?:services|workflows|triggers))?|discord(?:app)?\.com\/api\/webhooks|[a-z0-9.-]+\.webhook\.office\.com|outlook\.office\.com\/webhook)\/?)[^\s"'<>]+/gi;

/** `Bearer xyz`, `Basic xyz` in free text. */
const AUTH_SCHEME = /\b(bearer|basic|token)\s+[A-Za-z0-9._~+/=-]{8,}/gi;

/**
 * `name=value`, `name: value`, `"name": "value"`, `-X main.key=value`: the name is everything
 * name-like before the separator; only the separator is consumed when the name is not secret, so
 * `GOFLAGS=-ldflags=-X=main.key=v` still reaches `main.key=`.
 */
const NAME_SEP = /([A-Za-z0-9_.-]*[A-Za-z0-9_])(["']?[ \t]*[:=][ \t]*["']?)/g;
const VALUE = /^[^\s"'&,;<>]+/;
/** `Authorization: Bearer [redacted]`: already done by AUTH_SCHEME, keep the scheme word. */
const AUTH_DONE = /^(bearer|basic|token)\s+\[redacted\]/i;

/**
 * scheme://userinfo@host: userinfo up to the last `@` before the host, a password may hold a raw
 * `/` (not URL-encoded); `host:8443/path/@v/list` (a port, then a path with `@`) is not userinfo.
 */
const URL_CRED = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s@"'<>/:]+(?::[^\s@"'<>]*)?|[^\s@"'<>/:]+)@(?=[A-Za-z0-9[])/gi;
/** user:password@host without a scheme (http_proxy=alice:pw@proxy:3128), host with a dot or a port. */
const BARE_CRED = /(^|[\s=,;"'(])([A-Za-z0-9._%+~-]+):(?!\/\/)([^\s@"'<>]+)@(?=(?:[A-Za-z0-9-]+\.)+[A-Za-z0-9-]+|[A-Za-z0-9-]+:\d|localhost\b)/g;

export class Redactor {
  readonly counts: RedactCounts = { envValues: 0, urlCredentials: 0, tokens: 0, userNames: 0 };
  private literals: string[];

  constructor(private readonly opts: RedactOptions = {}) {
    this.literals = (opts.literals ?? []).filter((l) => l && l.length >= 4);
  }

  /** Remember a secret value so that it is removed wherever else it shows up (logs, reports). */
  addLiteral(value: string | undefined | null): void {
    if (value && value.length >= 4 && !this.literals.includes(value)) this.literals.push(value);
  }

  /** Redact an environment map: secret-named values go; every value is also scrubbed as text. */
  env(env: Record<string, string | undefined>): Record<string, string> {
    for (const [k, v] of Object.entries(env)) if (v && isSecretName(k)) this.addLiteral(v);
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) continue;
      if (isSecretName(k)) {
        out[k] = REDACTED;
        this.counts.envValues++;
      } else out[k] = this.text(v);
    }
    return out;
  }

  text(s: string): string {
    let out = s;
    for (const lit of this.literals) {
      if (out.includes(lit)) {
        out = out.split(lit).join(REDACTED);
        this.counts.envValues++;
      }
    }
    out = out.replace(URL_CRED, (whole: string, scheme: string, info: string) => {
      const pw = info.includes(':') ? info.slice(info.indexOf(':') + 1) : '';
      if (/^\d+\//.test(pw) || pw.endsWith('/')) return whole; // host:port/path/@v/…
      this.counts.urlCredentials++;
      return `${scheme}${REDACTED}@`;
    });
    out = out.replace(BARE_CRED, (_w, lead: string) => {
      this.counts.urlCredentials++;
      return `${lead}${REDACTED}@`;
    });
    out = out.replace(WEBHOOK, (_w, base: string) => {
      this.counts.tokens++;
      return `${base}${REDACTED}`;
    });
    for (const re of TOKEN_PATTERNS) {
      out = out.replace(re, () => {
        this.counts.tokens++;
        return REDACTED;
      });
    }
    out = out.replace(AUTH_SCHEME, (whole: string, scheme: string) => {
      if (whole.endsWith(REDACTED)) return whole;
      this.counts.tokens++;
      return `${scheme} ${REDACTED}`;
    });
    out = this.namedValues(out);
    if (this.opts.userNames) out = this.users(out);
    return out;
  }

  /** Values after a secret-looking name (`password=…`, `"apiKey": "…"`, `-X main.key=…`). */
  private namedValues(s: string): string {
    let out = '';
    let at = 0;
    NAME_SEP.lastIndex = 0;
    for (let m = NAME_SEP.exec(s); m; m = NAME_SEP.exec(s)) {
      const valueAt = m.index + m[0].length;
      if (!isSecretName(m[1]!)) continue;
      const v = VALUE.exec(s.slice(valueAt));
      if (!v || v[0].startsWith(REDACTED) || AUTH_DONE.test(s.slice(valueAt))) continue;
      out += s.slice(at, valueAt) + REDACTED;
      at = valueAt + v[0].length;
      NAME_SEP.lastIndex = at;
      this.counts.tokens++;
    }
    return out + s.slice(at);
  }

  private users(s: string): string {
    let out = s;
    const home = this.opts.home;
    if (home && home.length > 1 && out.includes(home)) {
      out = out.split(home).join('~');
      this.counts.userNames++;
    }
    const name = this.opts.userName;
    if (name && name.length >= 2 && name !== 'root') {
      const re = new RegExp(`(^|[\\\\/\\s"'=:@])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=$|[\\\\/\\s"',;:@])`, 'g');
      out = out.replace(re, (_w, lead: string) => {
        this.counts.userNames++;
        return `${lead}<user>`;
      });
    }
    return out;
  }

  /** Deep-redact any JSON value: keys that name secrets lose their value; strings are scrubbed. */
  value<T>(v: T): T {
    return this.walk(v, null) as T;
  }

  private walk(v: unknown, key: string | null): unknown {
    if (typeof v === 'string') {
      if (key && isSecretName(key) && v) {
        this.addLiteral(v);
        this.counts.envValues++;
        return REDACTED;
      }
      return this.text(v);
    }
    if (Array.isArray(v)) return v.map((x) => this.walk(x, null));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[this.opts.userNames ? this.text(k) : k] = this.walk(x, k);
      return out;
    }
    return v;
  }
}
