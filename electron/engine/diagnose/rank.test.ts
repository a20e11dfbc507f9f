import { describe, expect, it } from 'vitest';
import type { RuleResult, RuleSeverity } from '../../../shared/diagnose';
import { rankResults } from './rank';

const r = (id: string, severity: RuleSeverity, evidence: RuleResult['evidence'] = {}): RuleResult => ({
  id,
  severity,
  title: { en: id, zh: id },
  checks: { en: '', zh: '' },
  cause: { en: '', zh: '' },
  fix: { en: '', zh: '' },
  evidence,
});

describe('rankResults: root cause first', () => {
  const causes = { 'path-not-loaded': ['startup-unparsable'], 'go-env-failed': ['tree-not-executable'], 'project-offline': ['go-env-failed'] };
  const order = ['tree-not-executable', 'startup-unparsable', 'path-not-loaded', 'go-env-failed', 'project-offline', 'multiple-go'];

  it('puts the cause first, its consequences (and theirs) right after it, with causedBy links', () => {
    const out = rankResults({
      results: [r('project-offline', 'error'), r('multiple-go', 'info'), r('go-env-failed', 'error'), r('tree-not-executable', 'error')],
      causes,
      order,
    });
    expect(out.results.map((x) => [x.id, x.causedBy])).toEqual([
      ['tree-not-executable', undefined],
      ['go-env-failed', 'tree-not-executable'],
      ['project-offline', 'go-env-failed'],
      ['multiple-go', undefined],
    ]);
    expect(out.rootCauses).toEqual(['tree-not-executable']);
  });

  it('links only within the same shell: a bash parse error does not explain what zsh sees', () => {
    const out = rankResults({
      results: [r('path-not-loaded', 'error', { shell: '/usr/bin/zsh' }), r('path-not-loaded', 'error', { shell: '/bin/bash' }), r('startup-unparsable', 'error', { shell: 'bash' })],
      causes,
      order,
    });
    expect(out.results.map((x) => [x.id, x.evidence.shell, x.causedBy])).toEqual([
      ['startup-unparsable', 'bash', undefined],
      ['path-not-loaded', '/bin/bash', 'startup-unparsable'],
      ['path-not-loaded', '/usr/bin/zsh', undefined],
    ]);
    expect(out.rootCauses).toEqual(['startup-unparsable', 'path-not-loaded']);
  });

  it('a cause that did not fire links nothing; errors lead warnings; cycles become roots', () => {
    const out = rankResults({ results: [r('b', 'warning'), r('a', 'error')], causes: { a: ['b'], b: ['a'] }, order: ['a', 'b'] });
    expect(out.results.every((x) => x.id === 'a' || x.id === 'b')).toBe(true);
    expect(out.results.length).toBe(2);
    const alone = rankResults({ results: [r('go-env-failed', 'warning'), r('x', 'error')], causes, order });
    expect(alone.results.map((x) => [x.id, x.causedBy])).toEqual([
      ['x', undefined],
      ['go-env-failed', undefined],
    ]);
    expect(rankResults({ results: [r('multiple-go', 'info')], causes, order }).rootCauses).toEqual([]);
  });
});
