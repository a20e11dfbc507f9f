import { describe, it, expect } from 'vitest';
import { splitResults } from './results';

describe('splitResults', () => {
  it('puts problems, then warnings first and folds passed checks and notes', () => {
    const r = splitResults([
      { id: 'a', verdict: 'pass' as const },
      { id: 'b', verdict: 'warn' as const },
      { id: 'c', verdict: 'info' as const },
      { id: 'd', verdict: 'fail' as const },
      { id: 'e', verdict: 'pass' as const },
    ]);
    expect(r.attention.map((x) => x.id)).toEqual(['d', 'b']);
    expect(r.quiet.map((x) => x.id)).toEqual(['a', 'e', 'c']);
    expect(r.counts).toEqual({ pass: 2, warn: 1, fail: 1, info: 1 });
  });
  it('an all-green list has nothing needing attention', () => {
    const r = splitResults([{ verdict: 'pass' as const }, { verdict: 'pass' as const }]);
    expect(r.attention).toEqual([]);
    expect(r.quiet).toHaveLength(2);
  });
});
