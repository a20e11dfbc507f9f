import { describe, expect, it } from 'vitest';
import { moduleClosure, proxyFileOf } from './module-needs';

describe('module-needs', () => {
  it('reads whose version a proxy file is, unescaping Go\'s case encoding; lists and other files apart', () => {
    expect(proxyFileOf('example.com/!upper/!case/@v/v1.0.0.zip')).toEqual({ module: 'example.com/Upper/Case', version: 'v1.0.0' });
    expect(proxyFileOf('example.com/util/@v/v0.1.0.mod')).toEqual({ module: 'example.com/util', version: 'v0.1.0' });
    expect(proxyFileOf('example.com/util/@v/v1.0.0-!r!c1.info')).toEqual({ module: 'example.com/util', version: 'v1.0.0-RC1' });
    expect(proxyFileOf('example.com/util/@v/list')).toEqual({ module: 'example.com/util', version: null });
    expect(proxyFileOf('example.com/util/@v/v0.1.0.lock')).toBeNull();
    expect(proxyFileOf('example.com/Bad/@v/v0.1.0.mod')).toBeNull(); // not an escaped path
    expect(proxyFileOf('README')).toBeNull();
  });

  it('follows the go.mod requires of what a project pins, only through versions the proxy holds', async () => {
    const mods: Record<string, string> = {
      'a.test/app@v1.0.0': 'module a.test/app\n\ngo 1.19\n\nrequire (\n\tb.test/lib v1.2.0\n\tc.test/gone v0.1.0 // indirect\n)\n',
      'b.test/lib@v1.2.0': 'module b.test/lib\n\nrequire d.test/deep v0.3.0\n',
      'd.test/deep@v0.3.0': 'module d.test/deep\n',
      'e.test/other@v1.0.0': 'module e.test/other\n\nrequire b.test/lib v1.1.0\n',
      'b.test/lib@v1.1.0': 'module b.test/lib\n',
    };
    const held = new Set(Object.keys(mods)); // c.test/gone is not on the media
    const reads: string[] = [];
    const got = await moduleClosure(['a.test/app@v1.0.0', 'x.test/not-held@v1.0.0'], held, async (k) => {
      reads.push(k);
      return mods[k] ?? null;
    });
    expect([...got].sort()).toEqual(['a.test/app@v1.0.0', 'b.test/lib@v1.2.0', 'd.test/deep@v0.3.0']);
    // each go.mod read once; the other project's versions untouched
    expect(reads.sort()).toEqual(['a.test/app@v1.0.0', 'b.test/lib@v1.2.0', 'd.test/deep@v0.3.0']);
  });
});
