/** Shared by this area's tests: a DownloadedFile for the real Go fixture archive. */
import { ensureGoFixture, type GoFixture } from '../../../test/support/go-fixture';
import type { DownloadedFile } from '../../../shared/releases';

export async function fixtureDownload(): Promise<{ fixture: GoFixture; file: DownloadedFile }> {
  const fixture = await ensureGoFixture();
  return {
    fixture,
    file: {
      file: { filename: fixture.filename, os: fixture.os, arch: fixture.arch, version: fixture.version, sha256: fixture.sha256, size: fixture.size, kind: 'archive' },
      path: fixture.archive,
      sha256: fixture.sha256,
      size: fixture.size,
      signature: 'not-published',
      url: 'file://' + fixture.archive,
    },
  };
}
