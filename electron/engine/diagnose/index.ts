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
import { cleanShellEnv, shellNameOf, shellStartupFiles, startupSyntaxErrors, traceOrigins, userShells, type ShellView, type StartupError } from './shells';
import { RULES, type DiagnoseContext, type ProjectFacts, type Rule } from './rules';
import {
  findUp,
  goBinariesOnPath,
  goSettings,
  gorootVersion,
  parseGoMod,
  readInstallInfo,
  type ShellFacts,
} from './facts';
import { recoverInstalls } from '../install/recovery';

export { RULES } from './rules';
export { describeErrorText, matchErrorText, readGoError, SIGNATURES } from './signatures';
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
  // finish or undo what a killed install/rollback/uninstall left, before looking (issue 13 item 8)
  if (!opts.host) await recoverInstalls({ env, platform, prefix: opts.goroot ? dirname(resolve(opts.goroot)) : opts.prefix ? resolve(opts.prefix) : undefined }).catch(() => []);
  const host: DiagnoseHost = { ...localHost(platform), ...opts.host };
  const probing = opts.probeNetwork !== false;
  const probeAt = opts.probeUrl ?? env.GO_OFFLINE_PROBE_URL;
  const report =
    opts.envReport ??
    (await checkEnvironment({ env, platform, probeNetwork: probing, probeUrl: probeAt, probeTimeoutMs: opts.probeTimeoutMs ?? 4000, signal: opts.signal }));
  const home = homeDir(env, platform);

  // the user's shells: what a new terminal gives go (started lazily, once)
  const loginShell = platform === 'win32' ? null : env.SHELL || report.user.shell || null;
  let views: Promise<ShellView[]> | null = null;
  const shells = () => {
    views ??= (async () => {
      if (platform === 'win32') return [];
      const out: ShellView[] = [];
      for (const sh of userShells(loginShell, env, host)) {
        const name = shellNameOf(sh);
        const start = cleanShellEnv(env, platform, sh);
        const login = await host.captureShell(sh, 'login', start);
        const lo = await traceOrigins(sh, 'login', start, host, opts.signal);
        out.push({ shell: sh, name, mode: 'login', label: `${name} (login)`, capture: login, origins: lo });
        if (name === 'bash' || name === 'zsh') {
          // a terminal window's shell inherits the login session's environment
          const ienv: Env = login.env && !login.error ? { ...login.env, SHELL: sh } : start;
          const inter = await host.captureShell(sh, 'interactive', ienv);
          const io = await traceOrigins(sh, 'interactive', ienv, host, opts.signal);
          out.push({ shell: sh, name, mode: 'interactive', label: `${name} (interactive)`, capture: inter, origins: { ...lo, ...io } });
        }
      }
      return out;
    })();
    return views;
  };
  let startupErrs: Promise<StartupError[]> | null = null;
  const startupErrors = () => {
    startupErrs ??= (async () => {
      const out: StartupError[] = [];
      for (const sh of platform === 'win32' ? [] : userShells(loginShell, env, host)) {
        const name = shellNameOf(sh);
        const start = cleanShellEnv(env, platform, sh);
        const files = [...new Set([...shellStartupFiles(name, 'login', start), ...shellStartupFiles(name, 'interactive', start)])];
        out.push(...(await startupSyntaxErrors(sh, files, host, opts.signal)));
      }
      return out;
    })();
    return startupErrs;
  };

  let shellFacts: Promise<ShellFacts> | null = null;
  const shell = () => {
    shellFacts ??= (async () => {
      const sh = loginShell;
      const shellName = sh ? (sh.split('/').pop() ?? sh) : null;
      const startEnv = sh ? cleanShellEnv(env, platform, sh) : {};
      if (!sh || platform === 'win32') return { shell: sh, shellName, login: null, interactive: null, startEnv };
      if (opts.host?.probeShell) {
        const login: ShellProbe = await host.probeShell(sh, 'login', startEnv);
        const interactive: ShellProbe = await host.probeShell(sh, 'interactive', { ...startEnv, PATH: login.path && !login.error ? login.path : startEnv.PATH });
        return { shell: sh, shellName, login, interactive, startEnv };
      }
      const vs = (await shells()).filter((v) => v.shell === sh);
      const probe = (m: 'login' | 'interactive'): ShellProbe | null => {
        const v = vs.find((x) => x.mode === m);
        return v ? { go: v.capture.go, path: v.capture.path, ...(v.capture.error ? { error: v.capture.error } : {}) } : null;
      };
      return { shell: sh, shellName, login: probe('login'), interactive: probe('interactive'), startEnv };
    })();
    return shellFacts;
  };

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
  if (!goroot) {
    // the go a new terminal finds
    for (const v of await shells()) {
      const found = v.capture.go ? goBinariesOnPath(dirname(v.capture.go), platform)[0] : null;
      const root = found ? dirname(dirname(found.real ?? found.path)) : null;
      if (root && looksLikeGoroot(root, platform)) {
        goroot = root;
        break;
      }
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
    shells,
    startupErrors,
    view: null,
    offline: !probing || (report.network.probed && report.network.reachable === false),
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

  // rules marked perShell run once per distinct environment: each shell's, then this program's own
  let viewCtxs: Promise<Array<{ ctx: DiagnoseContext; labels: string[] }>> | null = null;
  const minor = pv && pv.major === 1 ? pv.minor : null;
  const perShellCtxs = () => {
    viewCtxs ??= (async () => {
      const sig = (e: Env) =>
        JSON.stringify(
          Object.keys(e)
            .filter((k) => /^(GO|CGO_|TMPDIR$|HOME$|XDG_CONFIG_HOME$|XDG_CACHE_HOME$)/.test(k) && !/^GO_OFFLINE_/.test(k))
            .sort()
            .map((k) => [k, e[k]]),
        );
      const out: Array<{ ctx: DiagnoseContext; labels: string[]; sig: string }> = [];
      for (const v of await shells()) {
        if (!v.capture.env || v.capture.error) continue;
        const venv = v.capture.env;
        const k = sig(venv);
        const same = out.find((x) => x.sig === k);
        if (same) {
          same.labels.push(v.label);
          continue;
        }
        const gs = await goSettings(venv, platform, host, goroot, minor, v.origins);
        out.push({ ctx: { ...ctx, env: venv, settings: gs.settings, envFile: gs.envFile, envFileValues: gs.envFileValues, view: v }, labels: [v.label], sig: k });
      }
      const own = sig(env);
      const same = out.find((x) => x.sig === own);
      if (same) same.labels.push('this program');
      else out.push({ ctx, labels: ['this program'], sig: own });
      return out;
    })();
    return viewCtxs;
  };

  const rules = opts.only ? RULES.filter((r) => opts.only!.includes(r.id)) : RULES;
  const results: RuleResult[] = [];
  const runs: RuleRun[] = [];
  for (const [i, rule] of rules.entries()) {
    if (opts.signal?.aborted) throw new AppError('CANCELLED');
    opts.onRule?.(rule.id, i, rules.length);
    // settings Go would read are judged only when there is a Go to read them
    const skip = rule.skip?.(ctx) ?? (rule.perShell && !goroot ? 'no Go install found' : null);
    if (skip) {
      runs.push({ id: rule.id, status: 'skipped', reason: skip });
      continue;
    }
    try {
      const found: Array<{ ev: Evidence; source?: RuleResult['source'] }> = [];
      const keys: string[] = [];
      for (const { ctx: c, labels } of rule.perShell ? await perShellCtxs() : [{ ctx, labels: [] as string[] }]) {
        const got = await rule.check(c);
        for (const e of got === null ? [] : Array.isArray(got) ? got : [got]) {
          const key = JSON.stringify(Object.entries(e).filter(([k]) => !['shell', 'shellMode', 'shells', 'source'].includes(k)));
          const at = keys.indexOf(key);
          if (at >= 0) {
            // the same finding in another shell: one finding naming every shell it affects
            const ev = found[at]!.ev;
            ev.shells = [...new Set([...((ev.shells as string[] | undefined) ?? []), ...labels])];
            if (c.view && typeof ev.shell === 'string' && shellNameOf(ev.shell) !== c.view.name) delete ev.shell;
            continue;
          }
          const ev: Evidence = { ...e };
          if (rule.perShell) {
            if (c.view) {
              ev.shell = c.view.name;
              ev.shellMode = c.view.mode;
            }
            ev.shells = labels;
          }
          const variable = rule.about?.(e) ?? (typeof e.variable === 'string' ? e.variable : typeof e.setting === 'string' ? e.setting : null);
          const origin = variable && c.view ? c.view.origins[variable] : undefined;
          found.push({ ev, source: origin && c.env[variable!] !== undefined ? origin : undefined });
          keys.push(key);
        }
      }
      const made = found.map(({ ev, source }) => {
        const r = ruleResult(rule, ev);
        if (source) r.source = source;
        return r;
      });
      results.push(...made);
      runs.push({ id: rule.id, status: made.length ? 'fired' : 'ok' });
    } catch (err) {
      runs.push({ id: rule.id, status: 'skipped', reason: `the check itself failed: ${(err as Error).message}` });
    }
  }
  if (rules.length) opts.onRule?.(rules[rules.length - 1]!.id, rules.length, rules.length);
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
