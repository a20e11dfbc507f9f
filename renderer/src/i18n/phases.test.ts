import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import en from './en';
import zh from './zh';

function engineFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...engineFiles(p));
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

describe('progress phases', () => {
  it('every phase the engine reports has a label in both languages', () => {
    const phases = new Set<string>();
    for (const f of engineFiles(join(__dirname, '..', '..', '..', 'electron', 'engine'))) {
      const src = readFileSync(f, 'utf8');
      for (const m of src.matchAll(/phase: '([a-z-]+)'/g)) phases.add(m[1]!);
      for (const m of src.matchAll(/\bstep\('([a-z-]+)'/g)) phases.add(m[1]!);
    }
    expect(phases.size).toBeGreaterThan(10);
    const enPhases = en.progress.phase as Record<string, string>;
    const zhPhases = zh.progress.phase as Record<string, string>;
    for (const p of phases) {
      expect(enPhases[p], p).toBeTruthy();
      expect(zhPhases[p], p).toBeTruthy();
    }
  });
});
