/**
 * Which Go to verify: an explicit prefix (Go in DIR/go), else the install this product remembers,
 * else the first `go` on PATH (said so in the report). Shared by the CLI and the IPC handler.
 */
import { existsSync, realpathSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { LocalText } from '../../../shared/text';
import type { InstallState } from '../../../shared/install';
import type { Env } from '../paths';
import { readInstallState } from '../install/state';

export interface VerifyTarget {
  goroot: string;
  expectedVersion?: string;
  moduleProxy?: string;
  expectedEnv?: Record<string, string>;
  /** the folders of go1.X.Y wrappers the environment puts on PATH (GOTOOLCHAIN=path, issue 20) */
  toolchainsPath?: string[];
  how: 'prefix' | 'remembered' | 'path';
  note: LocalText;
}

const goExe = (platform: NodeJS.Platform) => (platform === 'win32' ? 'go.exe' : 'go');

function fromState(state: InstallState | null): Pick<VerifyTarget, 'expectedVersion' | 'moduleProxy' | 'expectedEnv' | 'toolchainsPath'> {
  const rec = state?.current;
  if (!rec) return {};
  const vars = rec.environment?.vars ?? {};
  const expectedEnv: Record<string, string> = {};
  for (const k of ['GOPROXY', 'GOTOOLCHAIN', 'GOFLAGS', 'GOSUMDB']) if (typeof vars[k] === 'string') expectedEnv[k] = vars[k]!;
  return {
    expectedVersion: rec.version,
    moduleProxy: rec.moduleProxy?.path,
    expectedEnv: Object.keys(expectedEnv).length ? expectedEnv : undefined,
    ...(vars.GOTOOLCHAIN === 'path' && (rec.environment?.pathAdd?.length ?? 0) > 1 ? { toolchainsPath: rec.environment.pathAdd.slice(1) } : {}),
  };
}

async function safeState(opts: { prefix?: string; env: Env }): Promise<InstallState | null> {
  try {
    return await readInstallState(opts);
  } catch {
    return null;
  }
}

export async function resolveVerifyTarget(opts: { prefix?: string; env: Env; platform?: NodeJS.Platform }): Promise<VerifyTarget> {
  const platform = opts.platform ?? process.platform;
  const exe = goExe(platform);
  if (opts.prefix) {
    const prefix = resolve(opts.prefix);
    let goroot: string | null = null;
    if (existsSync(join(prefix, 'go', 'bin', exe))) goroot = join(prefix, 'go');
    else if (existsSync(join(prefix, 'bin', exe))) goroot = prefix;
    if (!goroot) throw new AppError('VERIFY_GOROOT_MISSING', { path: join(prefix, 'go'), binary: join(prefix, 'go', 'bin', exe) });
    const state = await safeState({ prefix, env: opts.env });
    return {
      goroot,
      ...fromState(state),
      how: 'prefix',
      note: { en: `The Go in ${goroot} (the folder chosen for this install).`, zh: `${goroot} 中的 Go（本次安装选定的文件夹）。` },
    };
  }
  const state = await safeState({ env: opts.env });
  if (state?.current && existsSync(join(state.current.goroot, 'bin', exe))) {
    return {
      goroot: state.current.goroot,
      ...fromState(state),
      how: 'remembered',
      note: { en: `Go in ${state.current.goroot}, installed earlier by this installer.`, zh: `${state.current.goroot} 中的 Go，之前由本安装程序安装。` },
    };
  }
  for (const dir of (opts.env.PATH ?? opts.env.Path ?? '').split(platform === 'win32' ? ';' : delimiter).filter(Boolean)) {
    const candidate = join(dir, exe);
    if (!existsSync(candidate)) continue;
    let real = candidate;
    try {
      real = realpathSync(candidate);
    } catch {
      /* keep */
    }
    const goroot = dirname(dirname(real));
    return {
      goroot,
      how: 'path',
      note: {
        en: `No install by this installer is remembered, so the go first on PATH was checked: ${candidate} (Go in ${goroot}). Use --prefix to check another one.`,
        zh: `没有本安装程序的安装记录，因此检查的是 PATH 中第一个 go：${candidate}（Go 位于 ${goroot}）。如需检查其他 Go，请使用 --prefix。`,
      },
    };
  }
  throw new AppError('VERIFY_NO_GO');
}
