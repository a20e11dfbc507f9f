import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { READ_BY_ZH, readByText } from './readBy';

describe('who reads the files we write', () => {
  it('every description the environment engine gives has a Chinese text', () => {
    const dir = join(__dirname, '..', '..', '..', 'electron', 'engine', 'environment');
    const found = new Set<string>();
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))) {
      const src = readFileSync(join(dir, f), 'utf8');
      for (const m of src.matchAll(/readBy: (['"])((?:(?!\1).)+)\1/g)) found.add(m[2]!);
    }
    expect(found.size).toBeGreaterThan(10);
    for (const en of found) expect(READ_BY_ZH[en], en).toMatch(/[\u4e00-\u9fff]/);
  });
  it('falls back to the engine words for anything unknown, and keeps English as is', () => {
    expect(readByText('zsh login shells', 'zh')).toBe('zsh 登录 shell');
    expect(readByText('zsh login shells', 'en')).toBe('zsh login shells');
    expect(readByText('something new', 'zh')).toBe('something new');
  });
});
