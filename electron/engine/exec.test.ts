import { describe, it, expect } from 'vitest';
import { run } from './exec';

describe('run', () => {
  it('passes arguments as an array, verbatim (no shell)', async () => {
    const r = await run('printf', ['%s|', 'a b', '$(whoami)', '`id`', "it's"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("a b|$(whoami)|`id`|it's|");
  });
  it('survives a program that exits without reading its input (EPIPE)', async () => {
    const big = 'x'.repeat(8 * 1024 * 1024);
    const r = await run('true', [], { input: big });
    expect(r.code).toBe(0);
  });
  it('reports a program that cannot start, and a timeout', async () => {
    const missing = await run('/nonexistent/program', []);
    expect(missing.spawnError?.code).toBe('ENOENT');
    const slow = await run('sleep', ['5'], { timeoutMs: 200 });
    expect(slow.timedOut).toBe(true);
  });
});
