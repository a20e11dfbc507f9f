/**
 * The diagnose journey's engine: gather facts about this machine's Go install, run every rule, and
 * return a DiagnoseReport (shared/diagnose.ts). Also: match a pasted error message, write and read
 * support bundles (./support-bundle.ts).
 */
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { DiagnoseReport, Evidence, RuleResult, RuleRun } from '../../../shared/diagnose';
import type { EnvReport } from '../../../shared/platform';
import { AppError } from '../../../shared/errors';
import { interpolate, type LocalText } from '../../../shared/text';
import { wordParams } from '../../../shared/evidence-words';
import { parseGoVersion } from '../../../shared/go-requirements';
import { APP_VERSION } from '../../../shared/version';
import { homeDir, type Env } from '../paths';
import { checkEnvironment, candidateGoroots, probeUrl } from '../platform';
import { readBinaryInfo, type BinaryInfo } from './binary';
import { localHost, type DiagnoseHost, type ShellProbe } from './host';
import { rankResults } from './rank';
import { RULES, type DiagnoseContext, type ProjectFacts, type Rule } from './rules';
import {
  findUp,
  freshLoginEnv,
  goBinariesOnPath,
  goSettings,
  gorootVersion,
  parseGoMod,
  readInstallInfo,
  type ShellFacts,
} from './facts';

export { RULES } from './rules';
export { matchErrorText, SIGNATURES } from './signatures';
export { readBinaryInfo, parseBinary } from './binary';

export interface DiagnoseOptions {
  env?: Env;
  platform?: NodeJS.Platform;
  /** the folder holding `go/` (as given to install --prefix) */
  prefix?: string;
  /** the Go folder itself (wins over prefix) */
  goroot?: string;
  projects?: string[];
  /** ask whether the network and GOPROXY answer (default true) */
  probeNetwork?: boolean;
  probeUrl?: string;
  probeTimeoutMs?: number;
  /** replace parts of the machine interface (tests of other operating systems) */
  host?: Partial<DiagnoseHost>;
  /** a ready environment report (else step 1's checkEnvironment runs) */
  envReport?: EnvReport;
  /** run only these rule ids */
  only?: string[];
  /** hash every installed file, not only programs */
  deepTreeCheck?: boolean;
  signal?: AbortSignal;
  onRule?: (id: string, index: number, total: number) => void;
}

function memo<K, V>(fn: (k: K) => Promise<V>): (k: K) => Promise<V> {
  const cache = new Map<K, Promise<V>>();
  return (k) => {
    let p = cache.get(k);
    if (!p) {
      p = fn(k);
      cache.set(k, p);
    }
    return p;
  };
}

function looksLikeGoroot(dir: string, platform: NodeJS.Platform): boolean {
  try {
    return statSync(join(dir, 'bin', platform === 'win32' ? 'go.exe' : 'go')).isFile();
  } catch {
    return false;
  }
}

/** Text parameters for the rule's cause/fix templates from its evidence. */
function params(e: Evidence): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(e)) out[k] = Array.isArray(v) ? v.join(', ') : v === null ? 'none' : String(v);
  return out;
}

/** Evidence as shown: without the Chinese text fragments that only feed the templates. */
function shownEvidence(e: Evidence): Evidence {
  const out: Evidence = {};
  for (const [k, v] of Object.entries(e)) if (!k.endsWith('Zh')) out[k] = v;
  return out;
}

export function ruleResult(rule: Rule, e: Evidence): RuleResult {
  const p = params(e);
  // each language gets the engine's values in its own words (no "none" or ECONNREFUSED in Chinese)
  const en = wordParams(p, 'en');
  const zh = wordParams(p, 'zh');
  const fill = (x: LocalText): LocalText => ({ en: interpolate(x.en, en), zh: interpolate(x.zh, zh) });
  return { id: rule.id, severity: rule.severity, title: rule.title, checks: rule.checks, cause: fill(rule.cause), fix: fill(rule.fix), evidence: shownEvidence(e) };
}

export async function runDiagnose(opts: DiagnoseOptions = {}): Promise<DiagnoseReport> {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const host: DiagnoseHost = { ...localHost(platform), ...opts.host };
  const probing = opts.probeNetwork !== false;
  const probeAt = opts.probeUrl ?? env.GO_OFFLINE_PROBE_URL;
  const report =
    opts.envReport ??
    (await checkEnvironment({ env, platform, probeNetwork: probing, probeUrl: probeAt, probeTimeoutMs: opts.probeTimeoutMs ?? 4000, signal: opts.signal }));
  const home = homeDir(env, platform);

  // which Go: explicit, the recorded install, the first go on PATH, the usual places
  let goroot: string | null = opts.goroot ? resolve(opts.goroot) : opts.prefix ? join(resolve(opts.prefix), 'go') : null;
  let install = await readInstallInfo(env, platform, host, goroot);
  if (!goroot && install.record) goroot = install.record.goroot;
  if (!goroot) {
    const first = goBinariesOnPath(env.PATH ?? env.Path ?? '', platform)[0];
    if (first) {
      const root = dirname(dirname(first.real ?? first.path));
      if (looksLikeGoroot(root, platform)) goroot = root;
    }
  }
  if (!goroot) for (const c of candidateGoroots(env, platform)) if (looksLikeGoroot(c.goroot, platform)) goroot = c.goroot;
  if (goroot && !install.record) install = await readInstallInfo(env, platform, host, goroot);
  const goVersion = goroot ? ((await gorootVersion(goroot)) ?? install.record?.version ?? null) : null;
  const pv = goVersion ? parseGoVersion(goVersion) : null;
  const { settings, envFile, envFileValues } = await goSettings(env, platform, host, goroot, pv && pv.major === 1 ? pv.minor : null);

  const projects: ProjectFacts[] = [];
  for (const raw of opts.projects ?? []) {
    const dir = resolve(raw);
    let ok = false;
    try {
      ok = statSync(dir).isDirectory();
    } catch {
      ok = false;
    }
    if (!ok) throw new AppError('PROJECT_NOT_FOUND', { path: dir });
    const modPath = findUp(dir, 'go.mod', host);
    const gowork = settings.GOWORK?.value;
    const workPath = gowork === 'off' ? null : gowork ? resolve(gowork) : findUp(dir, 'go.work', host);
    const modText = modPath ? await host.readText(modPath) : null;
    const workText = workPath ? await host.readText(workPath) : null;
    projects.push({
      dir,
      mod: modPath && modText !== null ? parseGoMod(modText, modPath, 'go.mod') : null,
      work: workPath && workText !== null ? parseGoMod(workText, workPath, 'go.work') : null,
      goSum: modPath ? await host.readText(join(dirname(modPath), 'go.sum')) : null,
    });
  }

  let shellFacts: Promise<ShellFacts> | null = null;
  const shell = () => {
    shellFacts ??= (async () => {
      const sh = env.SHELL || report.user.shell || null;
      const shellName = sh ? (sh.split('/').pop() ?? sh) : null;
      const startEnv = sh ? freshLoginEnv(env, platform, sh) : {};
      if (!sh || platform === 'win32') return { shell: sh, shellName, login: null, interactive: null, startEnv };
      const login: ShellProbe = await host.probeShell(sh, 'login', startEnv);
      const interactive: ShellProbe = await host.probeShell(sh, 'interactive', { ...startEnv, PATH: login.path && !login.error ? login.path : startEnv.PATH });
      return { shell: sh, shellName, login, interactive, startEnv };
    })();
    return shellFacts;
  };

  const ctx: DiagnoseContext = {
    env,
    platform,
    host,
    report,
    home,
    goroot,
    goVersion,
    install,
    settings,
    envFile,
    envFileValues,
    projects,
    networkReachable: report.network.probed ? report.network.reachable : null,
    shell,
    binary: memo(async (p: string): Promise<BinaryInfo | null> => {
      try {
        return await readBinaryInfo(p);
      } catch {
        return null;
      }
    }),
    probe: memo(async (url: string) => (probing ? probeUrl(url, opts.probeTimeoutMs ?? 4000, opts.signal) : null)),
    deepTreeCheck: !!opts.deepTreeCheck,
  };

  const rules = opts.only ? RULES.filter((r) => opts.only!.includes(r.id)) : RULES;
  const results: RuleResult[] = [];
  const runs: RuleRun[] = [];
  for (const [i, rule] of rules.entries()) {
    if (opts.signal?.aborted) throw new AppError('CANCELLED');
    opts.onRule?.(rule.id, i, rules.length);
    const skip = rule.skip?.(ctx) ?? null;
    if (skip) {
      runs.push({ id: rule.id, status: 'skipped', reason: skip });
      continue;
    }
    try {
      const found = await rule.check(ctx);
      const list = found === null ? [] : Array.isArray(found) ? found : [found];
      for (const e of list) results.push(ruleResult(rule, e));
      runs.push({ id: rule.id, status: list.length ? 'fired' : 'ok' });
    } catch (err) {
      runs.push({ id: rule.id, status: 'skipped', reason: `the check itself failed: ${(err as Error).message}` });
    }
  }
  const ranked = rankResults({ results, causes: Object.fromEntries(rules.map((r) => [r.id, r.causedBy])), order: rules.map((r) => r.id) });
  return {
    schema: 'go-offline/diagnose@1',
    createdAt: new Date().toISOString(),
    toolVersion: APP_VERSION,
    host: {
      platform: report.host.platform,
      os: String(report.host.os),
      arch: String(report.host.arch),
      osVersion: report.host.osVersion,
      libc: report.libc.family === 'none' ? null : `${report.libc.family} ${report.libc.version ?? ''}`.trim(),
      shell: env.SHELL || report.user.shell,
    },
    goroot,
    goVersion,
    projects: projects.map((p) => p.dir),
    network: { probed: report.network.probed, reachable: report.network.reachable },
    results: ranked.results,
    rootCauses: ranked.rootCauses,
    runs,
    healthy: !ranked.results.some((r) => r.severity !== 'info'),
  };
}
