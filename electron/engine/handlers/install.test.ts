import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/tmp';
import { makeBundle, makeTgz, tinyGoEntries } from '../install/test-helpers';
import { createDispatcher } from './index';
import type { Progress } from '../../../shared/progress';

const tmp = tempDir('gooff-ipc-install-');
afterAll(() => tmp.remove());

describe('install and environment channels through the dispatcher', () => {
  const home = join(tmp.path, 'home');
  mkdirSync(home, { recursive: true });
  const env = { HOME: home, PATH: '/usr/bin:/bin', SHELL: '/bin/bash' };
  const events: Progress[] = [];
  const d = createDispatcher({ env, platform: 'linux', emit: (p) => events.push(p) });

  it('previews the environment without writing anything', async () => {
    const r = await d.dispatch('environment.preview', { scope: 'user', choices: { shells: ['bash', 'fish'], goprivate: 'corp.example/*' } });
    expect(r.ok).toBe(true);
    const v = (r as { ok: true; value: { goroot: string; targets: Array<{ path: string; text: string }> } }).value;
    expect(v.goroot).toBe(join(home, '.local', 'go'));
    expect(v.targets.map((t) => t.path)).toEqual([join(home, '.profile'), join(home, '.bashrc'), join(home, '.config/fish/conf.d/go-offline.fish'), join(home, '.config/go/env')]);
    expect(v.targets[0]!.text).toContain("export GOPRIVATE='corp.example/*'");
    // Go's own settings file gets plain KEY=VALUE lines
    expect(v.targets[3]!.text).toContain('GOPRIVATE=corp.example/*');
  });

  it('rejects bad payloads', async () => {
    const r = await d.dispatch('install.run', { jobId: 'nope', bundle: '/x', scope: 'user' });
    expect(r.ok).toBe(false);
    expect((r as { ok: false; error: { code: string } }).error.code).toBe('INVALID_REQUEST');
  });

  it('rejects an empty version (it installed the newest)', async () => {
    const r = await d.dispatch('install.run', { jobId: randomUUID(), bundle: join(tmp.path, 'no-bundle'), scope: 'user', version: '' });
    expect(r.ok).toBe(false);
    expect((r as { ok: false; error: { code: string } }).error.code).toBe('INVALID_REQUEST');
  });

  it('runs an install as a job with progress, then reports the state, then uninstalls', async () => {
    const a = makeTgz(join(tmp.path, 'go1.18.0.linux-amd64.tar.gz'), tinyGoEntries('go1.18.0'));
    const bundle = makeBundle(join(tmp.path, 'bundle'), [{ archive: a.path, version: 'go1.18.0' }]).dir;
    const jobId = randomUUID();
    const r = await d.dispatch('install.run', { jobId, bundle, scope: 'user', prefix: join(tmp.path, 'prefix') });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    expect(events.some((e) => e.jobId === jobId && e.phase === 'extract')).toBe(true);
    const s = await d.dispatch('install.state', {});
    expect((s as { ok: true; value: { current: { version: string } } }).value.current.version).toBe('go1.18.0');
    const u = await d.dispatch('install.uninstall', { jobId: randomUUID() });
    expect(u.ok).toBe(true);
    const none = await d.dispatch('install.state', {});
    expect((none as { ok: true; value: unknown }).value).toBeNull();
  });
});
