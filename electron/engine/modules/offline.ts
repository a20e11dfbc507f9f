/**
 * Running Go with the network truly unavailable. On Linux, where permitted, the command runs in a
 * fresh network namespace (`unshare -n`, or `unshare -rn` for an unprivileged user), which has no
 * interfaces besides a loopback that starts down: we bring it up (`ip link set lo up`, run by a fixed
 * `sh` script inside the namespace; the command itself is passed as arguments, never as text), so
 * a project's tests that talk to 127.0.0.1 work instead of hanging. Elsewhere (or when namespaces are not permitted), every proxy
 * variable points at a loopback port that was just closed, so any attempt fails loudly instead of
 * silently reaching the internet; GOPROXY is limited to the file proxy by the caller.
 */
import { createServer } from 'node:net';
import { pathToFileURL } from 'node:url';
import { run, type RunOptions, type RunResult } from '../exec';

export type NetworkMode = 'namespace' | 'closed-proxy';

export interface OfflineRunner {
  mode: NetworkMode;
  /** e.g. ["unshare", "-n", "--", "sh", "-c", LOOPBACK_UP_SCRIPT, "sh"] in namespace mode; empty otherwise */
  prefix: string[];
  /** proxy variables pointing at the closed port (used in both modes, belt and braces) */
  env: Record<string, string>;
  run(file: string, args: readonly string[], opts?: RunOptions): Promise<RunResult>;
  /** how the command reads for a person */
  display(file: string, args: readonly string[]): string;
}

/** A loopback port that nothing listens on (bound, then closed). */
export async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 9;
      srv.close(() => resolve(port));
    });
  });
}

let namespaceProbe: Promise<string[] | null> | null = null;

/**
 * Runs inside the new namespace: bring loopback up, then exec the command given as arguments
 * ($1…). A constant script: nothing of the command is ever parsed by the shell.
 */
export const LOOPBACK_UP_SCRIPT = 'ip link set lo up || exit 97; exec "$@"';

/**
 * Which `unshare` invocation works here (cached per process), including bringing loopback up in
 * the namespace when `ip` can; null when none works. The prefix is followed by the command.
 */
export function namespacePrefix(platform: NodeJS.Platform = process.platform, signal?: AbortSignal): Promise<string[] | null> {
  if (platform !== 'linux') return Promise.resolve(null);
  if (process.env.GO_OFFLINE_NO_NETNS === '1') return Promise.resolve(null);
  namespaceProbe ??= (async () => {
    for (const base of [['unshare', '-n'], ['unshare', '-rn']]) {
      const r = await run(base[0]!, [...base.slice(1), '--', 'true'], { timeoutMs: 10_000, signal });
      if (r.code !== 0) continue;
      const withLo = [...base, '--', 'sh', '-c', LOOPBACK_UP_SCRIPT, 'sh'];
      const lo = await run(withLo[0]!, [...withLo.slice(1), 'true'], { timeoutMs: 10_000, signal });
      return lo.code === 0 ? withLo : [...base, '--'];
    }
    return null;
  })();
  return namespaceProbe;
}

export interface OfflineOptions {
  platform?: NodeJS.Platform;
  /** force the closed-proxy fallback (tests, or when the namespace must not be used) */
  forceClosedProxy?: boolean;
  signal?: AbortSignal;
}

export async function offlineRunner(opts: OfflineOptions = {}): Promise<OfflineRunner> {
  const prefix = opts.forceClosedProxy ? null : await namespacePrefix(opts.platform, opts.signal);
  const port = await closedPort();
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    HTTP_PROXY: url,
    HTTPS_PROXY: url,
    http_proxy: url,
    https_proxy: url,
    ALL_PROXY: url,
    all_proxy: url,
    NO_PROXY: '',
    no_proxy: '',
  };
  const mode: NetworkMode = prefix ? 'namespace' : 'closed-proxy';
  const pre = prefix ?? [];
  return {
    mode,
    prefix: pre,
    env,
    run(file, args, ro = {}) {
      const fullEnv = { ...(ro.env ?? process.env), ...env };
      if (pre.length) return run(pre[0]!, [...pre.slice(1), file, ...args], { ...ro, env: fullEnv });
      return run(file, args, { ...ro, env: fullEnv });
    },
    display(file, args) {
      // how a person would type it: the loopback script is plumbing
      const shown = pre.includes('sh') ? pre.slice(0, pre.indexOf('--')) : pre.filter((x) => x !== '--');
      return [...shown, file, ...args].join(' ');
    },
  };
}

/** `file:///dir,off`: GOPROXY for a file-based module proxy, nothing else. */
export function fileProxyUrl(dir: string): string {
  return `${pathToFileURL(dir).href},off`;
}
