/**
 * Pure helpers for Go module files: a small go.mod reader (module, go, toolchain, require,
 * replace), go.sum lines, and Go's case-encoding of module paths (`!` + lower case) used by the
 * module cache and every GOPROXY.
 */

export interface GoMod {
  module: string | null;
  /** the `go` line, e.g. "1.19" or "1.22.0" */
  go?: string;
  /** the `toolchain` line, e.g. "go1.22.5" */
  toolchain?: string;
  require: Array<{ path: string; version: string; indirect: boolean }>;
  replace: Array<{ from: string; fromVersion?: string; to: string; toVersion?: string }>;
}

function unquote(s: string): string {
  const t = s.trim();
  if ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith('`') && t.endsWith('`'))) return t.slice(1, -1);
  return t;
}

/** Read the parts of a go.mod this product needs. Tolerant: unknown directives are skipped. */
export function parseGoMod(text: string): GoMod {
  const mod: GoMod = { module: null, require: [], replace: [] };
  let block: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const comment = raw.indexOf('//');
    const indirect = comment >= 0 && /\/\/\s*indirect\b/.test(raw.slice(comment));
    const line = (comment >= 0 ? raw.slice(0, comment) : raw).trim();
    if (!line) continue;
    if (block) {
      if (line === ')') {
        block = null;
        continue;
      }
      handle(block, line, indirect);
      continue;
    }
    const m = /^(\w+)\s*(.*)$/.exec(line);
    if (!m) continue;
    const verb = m[1]!;
    const rest = m[2]!.trim();
    if (rest === '(') {
      block = verb;
      continue;
    }
    handle(verb, rest, indirect);
  }
  return mod;

  function handle(verb: string, rest: string, indirect: boolean) {
    const f = rest.split(/\s+/).map(unquote);
    switch (verb) {
      case 'module':
        mod.module = f[0] ?? null;
        break;
      case 'go':
        if (f[0]) mod.go = f[0];
        break;
      case 'toolchain':
        if (f[0]) mod.toolchain = f[0];
        break;
      case 'require':
        if (f[0] && f[1]) mod.require.push({ path: f[0], version: f[1], indirect });
        break;
      case 'replace': {
        const arrow = f.indexOf('=>');
        if (arrow < 1) break;
        const left = f.slice(0, arrow);
        const right = f.slice(arrow + 1);
        if (!left[0] || !right[0]) break;
        mod.replace.push({ from: left[0], fromVersion: left[1], to: right[0], toVersion: right[1] });
        break;
      }
      default:
        break;
    }
  }
}

export interface GoSumLine {
  path: string;
  version: string;
  /** true for the `<v>/go.mod` hash, false for the module zip hash */
  goMod: boolean;
  hash: string;
}

export function parseGoSum(text: string): GoSumLine[] {
  const out: GoSumLine[] = [];
  for (const line of text.split(/\r?\n/)) {
    const f = line.trim().split(/\s+/);
    if (f.length !== 3) continue;
    const goMod = f[1]!.endsWith('/go.mod');
    out.push({ path: f[0]!, version: goMod ? f[1]!.slice(0, -'/go.mod'.length) : f[1]!, goMod, hash: f[2]! });
  }
  return out;
}

/** Go's case-encoding of module paths and versions: "github.com/Azure/x" → "github.com/!azure/x". */
export function escapeModulePath(p: string): string {
  return p.replace(/[A-Z]/g, (c) => '!' + c.toLowerCase());
}

/** The inverse of escapeModulePath; null when the text is not a valid encoding. */
export function unescapeModulePath(p: string): string | null {
  if (/[A-Z]/.test(p) || /!($|[^a-z])/.test(p)) return null;
  return p.replace(/!([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Compare two semantic versions as Go does (v1.2.3, v1.2.3-pre, v0.0.0-2023...-abc, +incompatible). */
export function compareSemver(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(v);
    if (!m) return null;
    return { n: [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)], pre: m[4] ?? '' };
  };
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return a < b ? -1 : a > b ? 1 : 0;
  for (let i = 0; i < 3; i++) if (x.n[i] !== y.n[i]) return x.n[i]! - y.n[i]!;
  if (x.pre === y.pre) return 0;
  if (!x.pre) return 1;
  if (!y.pre) return -1;
  const px = x.pre.split('.');
  const py = y.pre.split('.');
  for (let i = 0; i < Math.max(px.length, py.length); i++) {
    const s = px[i];
    const t = py[i];
    if (s === undefined) return -1;
    if (t === undefined) return 1;
    const ns = /^\d+$/.test(s);
    const nt = /^\d+$/.test(t);
    if (ns && nt && Number(s) !== Number(t)) return Number(s) - Number(t);
    if (ns !== nt) return ns ? -1 : 1;
    if (s !== t) return s < t ? -1 : 1;
  }
  return 0;
}
