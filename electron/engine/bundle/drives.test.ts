import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../../test/support/tmp';
import { createJob } from '../jobs';
import { describeArchive, exportBundle } from './export';
import { findBundlesIn } from './drives';

describe('bundles on an inserted drive', () => {
  const t = tempDir('gooff-drive-');
  afterAll(() => t.remove());

  it('finds a real bundle at the top of the drive and one folder down, and nothing else', async () => {
    // a small official-layout archive, exported as a real bundle twice on the "drive"
    const src = join(t.path, 'src');
    mkdirSync(join(src, 'go', 'bin'), { recursive: true });
    writeFileSync(join(src, 'go', 'VERSION'), 'go1.99.4\n');
    const archive = join(t.path, 'go1.99.4.linux-amd64.tar.gz');
    execFileSync('tar', ['-C', src, '-czf', archive, 'go']);
    const file = await describeArchive(archive);
    const drive = join(t.path, 'media');
    await exportBundle({ outDir: drive, archives: [file], job: createJob() });
    await exportBundle({ outDir: join(drive, 'team-b'), archives: [file], job: createJob() });
    // noise the search must ignore: a folder with a broken manifest and a plain folder
    mkdirSync(join(drive, 'photos'));
    mkdirSync(join(drive, 'broken'));
    writeFileSync(join(drive, 'broken', 'manifest.json'), '{ "schema": "something-else" }');

    const found = await findBundlesIn(drive);
    expect(found.map((b) => b.path).sort()).toEqual([drive, join(drive, 'team-b')].sort());
    for (const b of found) {
      expect(b.goVersions).toEqual(['go1.99.4']);
      expect(b.platforms).toEqual(['linux-amd64']);
      expect(Date.parse(b.createdAt)).not.toBeNaN();
    }
    expect(await findBundlesIn(join(t.path, 'does-not-exist'))).toEqual([]);
  });
});
