/**
 * Secret removal before anything goes into a support bundle: values of environment variables whose
 * name says they are secret, credentials inside URLs (proxy URLs, GOPROXY, GOPRIVATE hosts with
 * user:password@), well-known token shapes in free text, and optionally the user's name in paths.
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

const SECRET_NAME = /(TOKEN|SECRET|PASSW(OR)?D|PASSWD|PWD$|^PWD_|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL|AUTH|COOKIE|SESSION|SIGNATURE|NETRC|_KEY$|^KEY$)/i;
/** Not secret although the name matches. */
const NOT_SECRET = new Set(['PWD', 'OLDPWD', 'GOAUTH_MODE', 'XAUTHORITY', 'SSH_AUTH_SOCK', 'GPG_AGENT_INFO']);

export function isSecretName(name: string): boolean {
  if (NOT_SECRET.has(name.toUpperCase())) return false;
  // GOAUTH holds commands and possibly credentials
  return SECRET_NAME.test(name) || name.toUpperCase() === 'GOAUTH';
}

const TOKEN_PATTERNS: RegExp[] = [
  /\bgh[pousr]_[A-Za-z0-9]{20,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g,
  /\bglpat-[A-Za-z0-9_-]{16,}\b/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/g,
  /\bAKIA[0-9A-Z]{16}\b/g,
  /\bsk-[A-Za-z0-9]{20,}\b/g,
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{5,}\b/g,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
];

/** `Bearer xyz`, `password=xyz`, `token: xyz`, `"apiKey": "xyz"` in free text. */
const KEY_VALUE = /\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}|((?:[A-Za-z_]*(?:password|passwd|token|secret|api[_-]?key|access[_-]?key|auth))["']?\s*[:=]\s*["']?)([^\s"'&,;]+)/gi;

/** scheme://user:pass@host or scheme://token@host */
const URL_CRED = /\b([a-z][a-z0-9+.-]*:\/\/)([^/\s:@"']+(?::[^/\s@"']*)?)@/gi;

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
    out = out.replace(URL_CRED, (_w, scheme: string) => {
      this.counts.urlCredentials++;
      return `${scheme}${REDACTED}@`;
    });
    for (const re of TOKEN_PATTERNS) {
      out = out.replace(re, () => {
        this.counts.tokens++;
        return REDACTED;
      });
    }
    out = out.replace(KEY_VALUE, (whole: string, scheme: string | undefined, prefix: string | undefined, value: string | undefined) => {
      if (scheme) {
        this.counts.tokens++;
        return `${scheme} ${REDACTED}`;
      }
      if (!value || value === REDACTED || value.startsWith('[redacted')) return whole;
      this.counts.tokens++;
      return `${prefix}${REDACTED}`;
    });
    if (this.opts.userNames) out = this.users(out);
    return out;
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
