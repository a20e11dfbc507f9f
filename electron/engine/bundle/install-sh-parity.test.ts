/**
 * install.sh installs as the app does (issue 19): the same folders, startup-file blocks (line for
 * line the app's), state file, journal and audit log, so the app's CLI verifies, rolls back and
 * uninstalls what install.sh put there, and the app's recovery undoes an install.sh that was killed
 * half way. Tiny Go trees (a shell-script `go`) keep it fast; the fleet test uses the real Go.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../../test/support/tmp';
import { runCli } from '../../../test/support/cli';
import { createJob } from '../jobs';
import { makeTgz, tinyGoEntries } from '../install/test-helpers';
import { loadStateFile, readInstallState } from '../install/state';
import { computeVariables, planEnvironment, readBlock, renderTarget } from '../environment';
import { describeArchive, exportBundle } from './export';
import { wrappersDir } from '../install/common';

const t = tempDir('gooff-installsh-parity-');
afterAll(() => t.remove());

async function bundleOf(version: string): Promise<string> {
  const src = join(t.path, `src-${version}`);
  mkdirSync(src, { recursive: true });
  const tgz = makeTgz(join(src, `${version}.linux-amd64.tar.gz`), tinyGoEntries(version));
  const out = join(t.path, `media-${version}`);
  await exportBundle({ outDir: out, archives: [await describeArchive(tgz.path)], job: createJob() });
  return out;
}

/** An old Go that was there before (not installed by us). */
function oldGo(prefix: string): void {
  mkdirSync(join(prefix, 'go', 'bin'), { recursive: true });
  writeFileSync(join(prefix, 'go', 'VERSION'), 'go1.18.0\n');
  writeFileSync(join(prefix, 'go', 'bin', 'go'), '#!/bin/sh\necho "go version go1.18.0 linux/amd64"\n');
  chmodSync(join(prefix, 'go', 'bin', 'go'), 0o755);
}

function home(name: string): { home: string; env: Record<string, string> } {
  const h = join(t.path, name);
  mkdirSync(h, { recursive: true });
  // no trailing line break: install.sh adds one before its block, uninstall takes exactly it away
  writeFileSync(join(h, '.bashrc'), '# mine\nalias ll="ls -l"');
  return { home: h, env: { HOME: h, PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C', TERM: 'dumb', GO_OFFLINE_LANG: 'en' } };
}

const sh = (media: string, args: string[], env: Record<string, string>) => spawnSync('sh', [join(media, 'install.sh'), ...args], { env, encoding: 'utf8' });

/**
 * After install.sh put go1.19.8 over the app's go1.18.0 (and the app or install.sh put a newer one
 * over that): rollback brings 1.19.8 back, uninstall the very first Go, and the startup files are
 * as the user had them. Returns rollback's result.
 */
async function rollbackThenUninstall(prefix: string, env: Record<string, string>, goroot: string, h: string) {
  const rb = await runCli(['rollback', '--prefix', prefix, '--yes', '--json'], env);
  expect(rb.code, rb.stderr).toBe(0);
  expect(readFileSync(join(goroot, 'VERSION'), 'utf8')).toBe('go1.19.8\n');
  const un = await runCli(['uninstall', '--prefix', prefix, '--yes', '--json'], env);
  expect(un.code, un.stderr).toBe(0);
  expect(readFileSync(join(goroot, 'VERSION'), 'utf8')).toBe('go1.18.0\n');
  expect(readFileSync(join(h, '.bashrc'), 'utf8')).toBe('# mine\nalias ll="ls -l"');
  expect(existsSync(join(h, '.profile'))).toBe(false);
  return rb;
}

describe('install.sh and the app install the same way', () => {
  let m19: string;
  let m20: string;
  beforeAll(async () => {
    m19 = await bundleOf('go1.19.8');
    m20 = await bundleOf('go1.20.1');
  });

  it('--check says what would change and changes nothing; after the install it says up to date', () => {
    const { home: h, env } = home('home-check');
    const prefix = join(t.path, 'prefix-check');
    oldGo(prefix);
    const before = sh(m19, ['--prefix', prefix, '--scope', 'user', '--check'], env);
    expect(before.status, before.stderr).toBe(3);
    expect(before.stderr).toContain(`would install go1.19.8 at ${prefix}/go (there now: go1.18.0)`);
    expect(before.stderr).toContain(`would write the Go settings to ${h}/.bashrc`);
    expect(readFileSync(join(prefix, 'go', 'VERSION'), 'utf8')).toBe('go1.18.0\n');
    expect(readdirSync(h).sort()).toEqual(['.bashrc']);
    expect(sh(m19, ['--prefix', prefix, '--scope', 'user'], env).status).toBe(0);
    const after = sh(m19, ['--prefix', prefix, '--scope', 'user', '--check'], env);
    expect(after.status, after.stderr).toBe(0);
    expect(after.stdout.trim()).toBe('up-to-date go1.19.8');
    // another bundle's Go is a change
    expect(sh(m20, ['--prefix', prefix, '--scope', 'user', '--check'], env).status).toBe(3);
  });

  it('the app reads the record, finds its own blocks, rolls back to the Go install.sh replaced and uninstalls to the very first one', async () => {
    const { home: h, env } = home('home-cli');
    const prefix = join(t.path, 'prefix-cli');
    oldGo(prefix);
    const r1 = sh(m19, ['--prefix', prefix, '--scope', 'user'], env);
    expect(r1.status, r1.stderr).toBe(0);
    expect(r1.stdout.trim()).toBe('go version go1.19.8 linux/amd64');
    const goroot = join(prefix, 'go');
    const st = await readInstallState({ scope: 'user', env });
    expect(st?.current).toMatchObject({ schema: 'go-offline/install@1', goroot, prefix, version: 'go1.19.8', scope: 'user', platform: 'linux-amd64', archive: { verified: true } });
    expect(st!.current.previous!.path).toMatch(new RegExp(`^${prefix}/\\.go-previous-go1\\.18\\.0-\\d{8}T\\d{6}Z$`));
    expect(readFileSync(join(st!.current.previous!.path, 'VERSION'), 'utf8')).toBe('go1.18.0\n');
    expect(st!.current.files).toBe(3);
    expect(readFileSync(st!.current.fileListPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).find((f) => f.path === 'bin/go')).toMatchObject({ size: expect.any(Number), mode: 0o755, type: 'file' });
    // the blocks are the app's, in the files the app writes for this user
    const plan = planEnvironment({ scope: 'user', goroot, env, platform: 'linux' });
    const vars = computeVariables(goroot, 'linux', {}, null);
    expect(plan.targets.map((x) => x.path).sort()).toEqual(st!.current.environment.changes.map((c) => c.target).sort());
    for (const target of plan.targets) expect(readBlock(readFileSync(target.path, 'utf8')), target.path).toEqual(renderTarget(target, vars));
    expect(st!.current.environment.vars).toEqual(vars.vars);
    const audit = readFileSync(join(h, '.local', 'state', 'go-offline', 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).event);
    expect(audit).toEqual(expect.arrayContaining(['install.start', 'archive.verified', 'staging.runs', 'env.write', 'tree.swap', 'install.done']));
    expect(readdirSync(prefix).filter((n) => n.startsWith('.go-offline'))).toEqual([]);

    // a second install.sh (another version) keeps the first record as the previous one
    const r2 = sh(m20, ['--prefix', prefix, '--scope', 'user'], env);
    expect(r2.status, r2.stderr).toBe(0);
    const s2 = await loadStateFile('user', env);
    expect(s2.records[goroot]!.version).toBe('go1.20.1');
    expect(s2.records[goroot]!.previous!.record!.version).toBe('go1.19.8');
    expect((s2.records[goroot] as unknown as { original: { version: string } }).original.version).toBe('go1.18.0');
    // the first aside (go1.18.0, the original) is kept; the blocks were not written twice
    expect(readFileSync(join(h, '.bashrc'), 'utf8').split('# >>> go-offline >>>').length).toBe(2);

    const rb = await rollbackThenUninstall(prefix, env, goroot, h);
    expect(JSON.parse(rb.stdout)).toMatchObject({ restoredVersion: 'go1.19.8', removedVersion: 'go1.20.1' });
    expect((await loadStateFile('user', env)).records[goroot]).toBeUndefined();
  });

  it('for Go 1.21 and newer it writes the app’s GOTOOLCHAIN=path and the go1.X.Y commands folder on PATH, in every shell', async () => {
    const { home: h, env } = home('home-121');
    const prefix = join(t.path, 'prefix-121');
    const m21 = await bundleOf('go1.21.13');
    const r = sh(m21, ['--prefix', prefix, '--scope', 'user'], env);
    expect(r.status, r.stderr).toBe(0);
    const goroot = join(prefix, 'go');
    const plan = planEnvironment({ scope: 'user', goroot, env, platform: 'linux' });
    const vars = computeVariables(goroot, 'linux', {}, null, wrappersDir('user', env, prefix, 'linux'));
    expect(vars.vars.GOTOOLCHAIN).toBe('path');
    expect(vars.pathAdd).toEqual([join(goroot, 'bin'), join(h, 'sdk', 'bin')]);
    for (const target of plan.targets) expect(readBlock(readFileSync(target.path, 'utf8')), target.path).toEqual(renderTarget(target, vars));
    const st = await readInstallState({ scope: 'user', env });
    expect(st!.current.environment.vars).toEqual(vars.vars);
    expect(st!.current.environment.pathAdd).toEqual(vars.pathAdd);
    // a login shell has the folder on PATH and GOTOOLCHAIN=path
    const login = spawnSync('bash', ['-lc', 'printf "%s|%s" "$GOTOOLCHAIN" "$PATH"'], { env, encoding: 'utf8' });
    expect(login.stdout.split('|')[0]).toBe('path');
    expect(login.stdout.split('|')[1]!.split(':')).toContain(join(h, 'sdk', 'bin'));
    expect(sh(m21, ['--prefix', prefix, '--scope', 'user', '--check'], env).status).toBe(0);
  });

  it('install.sh over an app install keeps the app’s record as the previous one; rollback and uninstall then undo both', async () => {
    const { home: h, env } = home('home-app-first');
    const prefix = join(t.path, 'prefix-app-first');
    oldGo(prefix);
    const app = await runCli(['install', '--bundle', m19, '--scope', 'user', '--prefix', prefix, '--yes', '--json'], { ...env, GO_OFFLINE_NO_ELEVATE: '1' });
    expect(app.code, app.stderr).toBe(0);
    const goroot = join(prefix, 'go');
    const byApp = (await loadStateFile('user', env)).records[goroot]!;
    const r = sh(m20, ['--prefix', prefix, '--scope', 'user'], env);
    expect(r.status, r.stderr).toBe(0);
    const rec = (await loadStateFile('user', env)).records[goroot]!;
    expect(rec.version).toBe('go1.20.1');
    expect(rec.previous!.record).toMatchObject({ version: 'go1.19.8', installedAt: byApp.installedAt, fileListPath: byApp.fileListPath });
    // what the app first created stays "created by us", so uninstall removes it again
    for (const c of byApp.environment.changes) expect(rec.environment.changes.find((x) => x.target === c.target), c.target).toMatchObject({ created: c.created, addedLeadingNewline: c.addedLeadingNewline ?? false });
    await rollbackThenUninstall(prefix, env, goroot, h);
  });

  it('an install.sh killed just after it moved the old Go aside is undone by the app’s recovery (old Go back, startup files as they were)', async () => {
    const { home: h, env } = home('home-kill');
    const prefix = join(t.path, 'prefix-kill');
    oldGo(prefix);
    // an `mv` that kills install.sh once the old Go is aside (the moment a login shell finds no go)
    const shim = join(t.path, 'shim');
    mkdirSync(shim, { recursive: true });
    writeFileSync(join(shim, 'mv'), '#!/bin/sh\n/bin/mv "$@" || exit $?\ncase "$2" in */.go-previous-*) kill -9 $PPID ;; esac\n');
    chmodSync(join(shim, 'mv'), 0o755);
    const r = sh(m19, ['--prefix', prefix, '--scope', 'user'], { ...env, PATH: `${shim}:${env.PATH}` });
    expect(r.signal).toBe('SIGKILL');
    expect(existsSync(join(prefix, 'go'))).toBe(false);
    expect(existsSync(join(prefix, '.go-offline-journal.json'))).toBe(true);
    expect(readFileSync(join(h, '.bashrc'), 'utf8')).toContain('# >>> go-offline >>>');
    // install.sh itself refuses to go on over it, saying what to run
    const again = sh(m19, ['--prefix', prefix, '--scope', 'user'], env);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('was interrupted');
    expect(again.stderr).toContain(`run: go-offline diagnose --prefix ${prefix}`);
    const d = await runCli(['diagnose', '--prefix', prefix, '--json'], env);
    expect(d.stderr).not.toContain('INTERNAL');
    expect(readFileSync(join(prefix, 'go', 'VERSION'), 'utf8')).toBe('go1.18.0\n');
    expect(readFileSync(join(h, '.bashrc'), 'utf8')).toBe('# mine\nalias ll="ls -l"');
    expect(existsSync(join(h, '.profile'))).toBe(false);
    expect(readdirSync(prefix).filter((n) => n.startsWith('.go-offline'))).toEqual([]);
    // and install.sh now installs cleanly
    expect(sh(m19, ['--prefix', prefix, '--scope', 'user'], env).status).toBe(0);
  });
});
