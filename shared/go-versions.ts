/**
 * Which installed Go a project gets (issue 20), the way `go` decides it: the project's go line and
 * toolchain line against the default Go; Go 1.21+ with GOTOOLCHAIN=path hands the build to a NEWER
 * version found on PATH as go1.X.Y (a version installed beside the default one), never an older
 * one; anything else builds with the default or stops. Pure: the renderer and diagnose use it.
 */
import { compareGoVersions } from './go-requirements';

export type ProjectGoHow = 'default' | 'switch' | 'missing' | 'too-old';

export interface ProjectGo {
  /** the Go that builds it (go1.X.Y), null when none installed can */
  version: string | null;
  how: ProjectGoHow;
  /** what the project asks for (its go line, or its toolchain line when that is newer), as go1.X.Y */
  wanted: string | null;
}

const bare = (v: string) => v.replace(/^go/, '');

export function projectGets(project: { goVersion?: string | null; toolchain?: string | null }, defaultVersion: string, installed: string[], gotoolchain: string | null): ProjectGo {
  const goLine = project.goVersion ? bare(project.goVersion) : null;
  const tc = project.toolchain ? bare(project.toolchain) : null;
  let wanted = goLine;
  if (tc && (!wanted || compareGoVersions(tc, wanted) > 0)) wanted = tc;
  if (!wanted || compareGoVersions(wanted, bare(defaultVersion)) <= 0) return { version: defaultVersion, how: 'default', wanted: wanted ? `go${wanted}` : null };
  const switching = compareGoVersions(bare(defaultVersion), '1.21') >= 0 && (gotoolchain ?? 'auto').split('+')[0] !== 'local';
  if (!switching) {
    // Go < 1.21 or GOTOOLCHAIN=local: a toolchain line alone is ignored, a newer go line stops the build
    if (goLine && compareGoVersions(goLine, bare(defaultVersion)) > 0) return { version: null, how: 'too-old', wanted: `go${wanted}` };
    return { version: defaultVersion, how: 'default', wanted: `go${wanted}` };
  }
  const name = `go${wanted}`;
  return installed.includes(name) ? { version: name, how: 'switch', wanted: name } : { version: null, how: 'missing', wanted: name };
}
