import { describe, expect, it } from 'vitest';
import { parseJsonBounded } from './json';

describe('parseJsonBounded', () => {
  it('parses ordinary JSON and refuses deep nesting before parsing it', () => {
    expect(parseJsonBounded('{"a":[1,{"b":"[[[[[[[[\\"{{{{"}]}')).toEqual({ a: [1, { b: '[[[[[[[["{{{{' }] });
    expect(() => parseJsonBounded('['.repeat(65) + ']'.repeat(65))).toThrow(/nested more than 64 levels/);
    expect(parseJsonBounded('['.repeat(64) + ']'.repeat(64))).toBeInstanceOf(Array);
    expect(() => parseJsonBounded('{"a":')).toThrow(SyntaxError);
  });

  it('a 20 MB deeply nested document is refused at once, without building it', () => {
    const deep = '['.repeat(20 * 1024 * 1024);
    const before = process.memoryUsage().heapUsed;
    expect(() => parseJsonBounded(deep)).toThrow(/nested more than 64 levels deep \(at character 65\)/);
    // nothing was built: no more than a few MB more heap than before (JSON.parse would need ~1 GB)
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(64 * 1024 * 1024);
  });
});
