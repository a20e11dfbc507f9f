import { describe, it, expect } from 'vitest';
import type { EnvChange } from '../../shared/install';
import { leftOnPurpose, outcomeLine, outcomeOf, scopeChoice } from './scope';

const change = (target: string, kind: EnvChange['kind'] = 'block'): EnvChange => ({ kind, target, created: false, readBy: 'bash' });

describe('scope and uninstall words', () => {
  it('says which scope and prefix, and why, in both languages', () => {
    expect(scopeChoice({ scope: 'system', scopeWhy: 'default', prefix: '/usr/local', prefixWhy: 'default', root: true }, 'en')).toBe(
      'scope system (all users, the default when run as root), prefix /usr/local (the default); --scope and --prefix choose another',
    );
    expect(scopeChoice({ scope: 'user', scopeWhy: 'remembered', prefix: '/opt/x', prefixWhy: 'given', root: true }, 'zh')).toBe(
      '范围 user（当前用户，上次安装时记住的），位置 /opt/x（命令中指定）；用 --scope 和 --prefix 可选择其他',
    );
  });
  it('tells removed, restored and left apart', () => {
    const reported = new Set(['/h/.bashrc', '/h/.profile']);
    expect(outcomeOf(change('/h/.bashrc'), reported, true)).toBe('restored');
    expect(outcomeOf(change('/h/.profile'), reported, false)).toBe('removed');
    expect(outcomeOf(change('/h/.zshrc'), reported, true)).toBe('left');
    expect(outcomeLine(change('/h/.zshrc'), 'left', 'en')).toBe('  left as it is  /h/.zshrc (our lines were no longer in it)');
  });
  it('names GOPATH and the build cache as left on purpose, with how to remove them', () => {
    const en = leftOnPurpose({ gopath: '/h/go', gocache: '/h/.cache/go-build' }, 'en');
    expect(en[1]).toContain('GOPATH /h/go');
    expect(en.at(-1)).toContain('rm -rf /h/go/pkg/mod /h/.cache/go-build');
    expect(leftOnPurpose({ gopath: '/h/go', gocache: '/c' }, 'zh')[0]).toMatch(/^有意保留/);
  });
});
