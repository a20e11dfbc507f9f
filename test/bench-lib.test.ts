// The benchmark harness's pure parts (no timing is asserted anywhere: the benchmark is the judge).
import { describe, expect, it } from 'vitest';
import { childSample, compareMany, formatTable, interpret, median, spreadsOverlap, verdict, type BenchRow } from '../bench/lib';

const row = (over: Partial<BenchRow> = {}): BenchRow => ({
  name: 'verify',
  data: 'fixture 117 MiB',
  oursMs: 1100,
  theirsMs: 1000,
  oursSpread: [1000, 1200],
  theirsSpread: [900, 1100],
  ratio: 1.1,
  goal: 1.1,
  theirs: 'sha256sum -c',
  peakRssMiB: 90,
  rssGoalMiB: 200,
  runs: 5,
  ...over,
});

describe('bench/lib', () => {
  it('takes the median of odd and even samples without reordering the input', () => {
    const xs = [5, 1, 3];
    expect(median(xs)).toBe(3);
    expect(xs).toEqual([5, 1, 3]);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('judges time and memory goals', () => {
    expect(verdict(row())).toBe('ok');
    expect(verdict(row({ ratio: 1.11 }))).toBe('MISSED');
    expect(verdict(row({ peakRssMiB: 250 }))).toBe('MISSED');
    expect(verdict(row({ goal: null, rssGoalMiB: null }))).toBe('—');
    expect(verdict(row({ goal: null, peakRssMiB: 150 }))).toBe('ok');
    expect(verdict(row({ peakRssMiB: null }))).toBe('ok');
  });

  it('prints one aligned line per row with ratio, goal, spread and verdict', () => {
    const t = formatTable([row(), row({ name: 'download', ratio: 2.26, goal: 1.1, theirs: 'curl -o' })]).split('\n');
    expect(t).toHaveLength(4);
    expect(t[0]).toMatch(/^benchmark\s+data\s+ours/);
    expect(new Set(t.map((l) => l.length)).size).toBe(1);
    expect(t[2]).toContain('1.10×');
    expect(t[2]).toContain('≤ 1.1×');
    expect(t[2]).toContain('1.00–1.20');
    expect(t[2]).toContain('0.90–1.10');
    expect(t[2]).toMatch(/ ok\s*$/);
    expect(t[3]).toContain('2.26×');
    expect(t[3]).toMatch(/ MISSED\s*$/);
  });

  it('interprets goals, noise and memory flatness across input sizes', () => {
    const lines = interpret([
      row({ name: 'install (disk)', ratio: 0.9, goal: 1, peakRssMiB: 130 }),
      row({ name: 'install (disk)', data: 'generated 1.02 GiB', ratio: 1.3, goal: 1, peakRssMiB: 140, oursSpread: [1300, 1400], theirsSpread: [1000, 1050] }),
      row({ name: 'cold start', goal: null, rssGoalMiB: null, peakRssMiB: null }),
    ]);
    expect(lines[0]).toMatch(/^ok .*0\.90×.*met/);
    expect(lines[0]).toContain('within this machine');
    expect(lines[1]).toMatch(/^MISSED .*missed by 0\.30×/);
    expect(lines[1]).not.toContain('within this machine');
    expect(lines[2]).toContain('no goal');
    expect(lines[3]).toBe('memory install (disk): 130 MiB on fixture 117 MiB, 140 MiB on generated 1.02 GiB — flat as the input grows.');
    expect(interpret([row({ peakRssMiB: 100 }), row({ data: 'big', peakRssMiB: 300 })]).at(-1)).toContain('grows 3.00×');
  });

  it('tells overlapping spreads apart and reads a child process sample', () => {
    expect(spreadsOverlap(row())).toBe(true);
    expect(spreadsOverlap(row({ oursSpread: [1200, 1300] }))).toBe(false);
    expect(childSample('noise\n{"ms":12.5,"maxRssKiB":2048}\n')).toEqual({ ms: 12.5, rssMiB: 2 });
    expect(childSample('{"ms":3}')).toEqual({ ms: 3, rssMiB: undefined });
  });

  it('runs ours and several theirs in one interleaved run, ours first and last in turn, sharing ours\' samples', async () => {
    const calls: string[] = [];
    let n = 0;
    const sample = (who: string) => async () => {
      calls.push(who);
      return { ms: ++n, rssMiB: who === 'ours' ? 50 + n : undefined };
    };
    const rows = await compareMany({
      data: 'd',
      runs: 3,
      rssGoalMiB: 200,
      prepare: () => void calls.push('prep'),
      ours: sample('ours'),
      against: [
        { name: 'a', theirs: 'A', theirsFn: sample('a'), goal: 2 },
        { name: 'b', theirs: 'B', theirsFn: sample('b'), goal: null },
      ],
    });
    const timed = calls.filter((c) => c !== 'prep');
    // warm-ups (a, b, ours), then rounds: a b ours | ours b a | a b ours
    expect(timed).toEqual(['a', 'b', 'ours', 'a', 'b', 'ours', 'ours', 'b', 'a', 'a', 'b', 'ours']);
    // every sample is prepared for
    expect(calls.filter((c) => c === 'prep')).toHaveLength(timed.length);
    expect(rows.map((r) => [r.name, r.theirs, r.goal, r.runs])).toEqual([
      ['a', 'A', 2, 3],
      ['b', 'B', null, 3],
    ]);
    expect(rows[0]!.samples!.ours).toEqual([6, 7, 12]);
    expect(rows[1]!.samples!.ours).toEqual([6, 7, 12]);
    expect(rows[0]!.samples!.theirs).toEqual([4, 9, 10]);
    expect(rows[1]!.samples!.theirs).toEqual([5, 8, 11]);
    expect(rows[0]!.ratio).toBe(7 / 9);
    expect(rows[0]!.peakRssMiB).toBe(62);
  });
});
