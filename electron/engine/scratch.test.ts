import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../test/support/tmp';
import { AppError } from '../../shared/errors';
import { saysNoSpace, scratchPlace } from './scratch';

describe('where the module work goes (scratchPlace)', () => {
  const t = tempDir('gooff-scratch-');
  afterAll(() => t.remove());
  const meminfo = (kb: number) => {
    const p = join(t.path, `meminfo-${kb}`);
    writeFileSync(p, `MemTotal:       24000000 kB\nMemFree:        1000 kB\nMemAvailable:   ${kb} kB\n`);
    return p;
  };

  it('a folder the user named wins, then TMPDIR: their choice is kept', async () => {
    expect(await scratchPlace({ GO_OFFLINE_SCRATCH: '/srv/scratch', TMPDIR: '/x' })).toEqual({ dir: '/srv/scratch', ram: false });
    expect(await scratchPlace({ TMPDIR: t.path })).toEqual({ dir: t.path, ram: false });
  });

  it.runIf(process.platform === 'linux')('on Linux without TMPDIR: the tmpfs when it and the memory have room, else the disk', async () => {
    // this machine's /dev/shm is a tmpfs (Debian mounts one); with plenty of memory it is used
    const roomy = await scratchPlace({}, { meminfo: meminfo(16 * 1024 * 1024) });
    if (roomy.ram) expect(roomy.dir).toBe('/dev/shm');
    else console.log('note: /dev/shm here is not a tmpfs with 4 GiB free; only the fallbacks are checked');
    // too little memory available: the disk
    expect((await scratchPlace({}, { meminfo: meminfo(1024 * 1024) })).ram).toBe(false);
    // a folder that is not a tmpfs (this temp folder is on the test run's disk, or a tmpfs of its own)
    const notShm = await scratchPlace({}, { shm: join(t.path, 'nowhere'), meminfo: meminfo(16 * 1024 * 1024) });
    expect(notShm.ram).toBe(false);
  });

  it('tells a full filesystem from other failures, in our errors and in Go\'s words', () => {
    expect(saysNoSpace(new AppError('MODULES_DOWNLOAD_FAILED', { project: 'svc', message: 'x' }, 'write /dev/shm/go-offline-create-1/work/modcache/x.zip: no space left on device'))).toBe(true);
    expect(saysNoSpace(Object.assign(new Error('ENOSPC: no space'), { code: 'ENOSPC' }))).toBe(true);
    expect(saysNoSpace(new AppError('MODULES_DOWNLOAD_FAILED', { project: 'svc', message: 'module lookup disabled by GOPROXY=off' }))).toBe(false);
    expect(saysNoSpace(null)).toBe(false);
  });
});
