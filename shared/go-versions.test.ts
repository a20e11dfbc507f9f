import { describe, expect, it } from 'vitest';
import { projectGets } from './go-versions';

describe('projectGets: which installed Go a project gets', () => {
  const installed = ['go1.21.13', 'go1.22.12'];
  it('an older or equal go line: the default; a newer one with GOTOOLCHAIN=path: the version beside, if installed', () => {
    expect(projectGets({ goVersion: '1.21' }, 'go1.21.13', installed, 'path')).toEqual({ version: 'go1.21.13', how: 'default', wanted: 'go1.21' });
    expect(projectGets({ goVersion: '1.22.12' }, 'go1.21.13', installed, 'path')).toEqual({ version: 'go1.22.12', how: 'switch', wanted: 'go1.22.12' });
    expect(projectGets({ goVersion: '1.21', toolchain: 'go1.22.12' }, 'go1.21.13', installed, 'path').version).toBe('go1.22.12');
    expect(projectGets({ goVersion: '1.23.4' }, 'go1.21.13', installed, 'path')).toEqual({ version: null, how: 'missing', wanted: 'go1.23.4' });
  });
  it('Go only switches to a newer Go: a project asking for an older one is built by a newer default', () => {
    expect(projectGets({ goVersion: '1.21.13' }, 'go1.22.12', installed, 'path').version).toBe('go1.22.12');
  });
  it('GOTOOLCHAIN=local or a default older than 1.21: no switching', () => {
    expect(projectGets({ goVersion: '1.22.12' }, 'go1.21.13', installed, 'local')).toEqual({ version: null, how: 'too-old', wanted: 'go1.22.12' });
    expect(projectGets({ goVersion: '1.19', toolchain: 'go1.22.12' }, 'go1.19.8', installed, 'local')).toEqual({ version: 'go1.19.8', how: 'default', wanted: 'go1.22.12' });
  });
});
