/**
 * One place that keeps every test off the real machine: HOME and TMPDIR point into a per-run temp
 * root, and Go's folders (GOPATH, GOCACHE, GOMODCACHE) and the XDG folders are unset so they follow
 * that HOME (or the temp HOME a test sets for itself). Called from
 * the vitest global setups (engine, renderer, e2e) before any worker starts, so every worker, every
 * child process (go, our CLI, Chromium) and every `os.tmpdir()` call inherits it.
 *
 * `npm test` (scripts/test.mjs) chooses the root itself (GO_OFFLINE_TEST_ROOT) and checks after each
 * stage that its TMPDIR is empty, i.e. that no test left a temp folder behind. Run by hand
 * (`npx vitest run some.test.ts`), the setup makes its own root and removes it at the end.
 */
import { mkdirSync, mkdtempSync, rmSync, chmodSync, readdirSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TEST_ROOT_VAR = 'GO_OFFLINE_TEST_ROOT';

/**
 * Variables a test run must not inherit from the machine: with them unset, Go's folders (GOPATH,
 * GOMODCACHE, GOCACHE, its settings file) and our own (XDG_*) follow HOME, which is either the run's
 * temp home or the temp HOME a test sets for itself. Tests that need one of them set it explicitly.
 */
export const UNSET_VARS = ['GOPATH', 'GOMODCACHE', 'GOCACHE', 'GOENV', 'GOROOT', 'GOBIN', 'GOFLAGS', 'GOPROXY', 'GOSUMDB', 'GONOSUMDB', 'GOPRIVATE', 'GONOPROXY', 'GOTOOLCHAIN', 'GO111MODULE', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME'] as const;

/** The variables a test run sets, all below `root`. Pure, so scripts/test.mjs and the setups agree. */
export function isolatedEnv(root: string): { HOME: string; TMPDIR: string; [TEST_ROOT_VAR]: string } {
  return { [TEST_ROOT_VAR]: root, HOME: join(root, 'home'), TMPDIR: join(root, 'tmp') };
}

function makeWritable(path: string): void {
  // Go's module cache is read-only; make it removable
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return;
  }
  if (!st.isDirectory()) return;
  try {
    chmodSync(path, 0o700);
  } catch {
    /* not ours */
  }
  for (const name of readdirSync(path)) makeWritable(join(path, name));
}

/** Remove a test root, including read-only module caches inside it. */
export function removeRoot(root: string): void {
  makeWritable(root);
  rmSync(root, { recursive: true, force: true });
}

/**
 * Point this process's environment into the run's temp root (creating it when `npm test` did not
 * choose one). Idempotent: a second call in the same process (the next project's setup) reuses
 * the root. Returns a teardown that removes the root only if this call created it.
 */
export function isolateProcessEnv(): () => void {
  let root = process.env[TEST_ROOT_VAR];
  let owned = false;
  if (!root) {
    root = mkdtempSync(join(tmpdir(), 'gooff-run-'));
    owned = true;
  }
  const env = isolatedEnv(root);
  mkdirSync(env.HOME, { recursive: true });
  mkdirSync(env.TMPDIR, { recursive: true });
  for (const name of UNSET_VARS) delete process.env[name];
  Object.assign(process.env, env);
  return () => {
    if (owned) removeRoot(root);
  };
}
