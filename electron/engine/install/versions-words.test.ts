/**
 * `listVersions` says what is wrong with a version in both languages, one for one (the CLI prints
 * the English, the wizard's Chinese screen the Chinese). Small hand-made trees, a real install.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/tmp';
import { createJob } from '../jobs';
import { installFromBundle, installSideBySide, listVersions } from './index';
import { makeBundle, makeTgz, tinyGoEntries } from './test-helpers';

const tmp = tempDir('gooff-versions-words-');
afterAll(() => tmp.remove());

function bundle(version: string): string {
  const dir = join(tmp.path, 'bundles', version);
  mkdirSync(dir, { recursive: true });
  const a = makeTgz(join(dir, `${version}.linux-amd64.tar.gz`), tinyGoEntries(version));
  return makeBundle(join(dir, 'bundle'), [{ archive: a.path, version }]).dir;
}

describe('listVersions problems in English and Chinese', () => {
  it('a missing wrapper and a missing file: the same problems in both, the Chinese without English words', async () => {
    const home = join(tmp.path, 'home');
    mkdirSync(home, { recursive: true });
    writeFileSync(join(home, '.profile'), '# mine\n');
    const env = { PATH: '/usr/bin:/bin', HOME: home, SHELL: '/bin/bash', TMPDIR: tmp.path, XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local', 'share'), XDG_STATE_HOME: join(home, '.local', 'state'), XDG_CACHE_HOME: join(home, '.cache'), GO_OFFLINE_NO_ELEVATE: '1' };
    const prefix = join(home, '.local');
    await installFromBundle({ bundle: bundle('go1.21.0'), scope: 'user', prefix, env, job: createJob(), environment: { shells: ['bash'] } });
    await installSideBySide({ bundle: bundle('go1.22.0'), scope: 'user', prefix, env, job: createJob() });
    const before = (await listVersions({ scope: 'user', prefix, env }))!.versions.find((v) => v.version === 'go1.22.0')!;
    expect([before.state, before.problems, before.problemsZh]).toEqual(['ok', [], []]);
    rmSync(before.wrapper!);
    rmSync(join(before.goroot, 'VERSION'));
    const v = (await listVersions({ scope: 'user', prefix, env }))!.versions.find((x) => x.version === 'go1.22.0')!;
    expect(v.state).toBe('changed');
    expect(v.problems).toEqual([`its wrapper ${before.wrapper} is missing`, 'VERSION is missing']);
    expect(v.problemsZh).toEqual([`它的命令文件 ${before.wrapper} 不见了`, '缺少 VERSION']);
  });
});
