/**
 * Elevation of the system install: the argument vectors per OS (pure), the quoting against hostile
 * paths (checked by a real shell where one exists here, by the documented rules otherwise), and a
 * real run on Linux: a stand-in "pkexec" first on PATH that starts exactly the given argv with a
 * clean environment, as pkexec does, proving our argv reaches a real CLI run that installs into a
 * temporary system root (GO_OFFLINE_SYSTEM_ROOT).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import type { Progress } from '../../../shared/progress';
import { repoRoot } from '../../../test/support/go-fixture';
import { tempDir } from '../../../test/support/tmp';
import { createDispatcher } from '../handlers';
import { createJob } from '../jobs';
import {
  appleScriptString,
  childOutcome,
  cliRuntime,
  elevatedInstallArgs,
  linuxElevation,
  macElevation,
  packagedCliPath,
  posixQuote,
  psEncode,
  psString,
  runElevatedInstall,
  windowsArg,
  windowsElevation,
  type CliRuntime,
} from './elevate';
import { makeBundle, makeTgz, tinyGoEntries } from './test-helpers';

const tmp = tempDir('gooff-elevate-');
afterAll(() => tmp.remove());
const CLI_BUNDLE = join(repoRoot, 'dist', 'cli', 'go-offline.cjs');

const HOSTILE = [
  'plain',
  '',
  'with space',
  "it's",
  'say "hi"',
  '$(touch /tmp/gooff-pwned)',
  '`touch /tmp/gooff-pwned`',
  'line1\nline2',
  'tab\there',
  'back\\slash\\',
  'C:\\Program Files\\Go Offline\\',
  '\\"quoted\\"',
  '%PATH% & calc ^ | > <',
  '${HOME} $HOME ; rm -rf ~',
  '‘typographic’ ‚quotes‛ “double”',
  '中文 路径',
  "'; touch /tmp/gooff-pwned; echo '",
];

/** The argv a real sh gives a program for a command line (printf of each argument, NUL-separated). */
function shArgv(command: string): string[] {
  const out = execFileSync('sh', ['-c', `${command}`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

/** AppleScript string literal → text, by AppleScript's documented escapes (\\ \" \n \r \t). */
function unAppleScript(lit: string): string {
  expect(lit.startsWith('"') && lit.endsWith('"')).toBe(true);
  const body = lit.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '"') throw new Error('unescaped quote ends the literal early');
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = body[++i]!;
    out += ({ '\\': '\\', '"': '"', n: '\n', r: '\r', t: '\t' } as Record<string, string>)[n] ?? `\\${n}`;
  }
  return out;
}

/** A Windows command line → argv by the Microsoft C runtime rules ("Parsing C++ command-line arguments"). */
function msSplit(line: string): string[] {
  const args: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (i >= line.length) break;
    let arg = '';
    let quoted = false;
    for (; i < line.length; i++) {
      const c = line[i]!;
      if (!quoted && (c === ' ' || c === '\t')) break;
      if (c === '\\') {
        let n = 0;
        while (line[i] === '\\') {
          n++;
          i++;
        }
        if (line[i] === '"') {
          arg += '\\'.repeat(Math.floor(n / 2));
          if (n % 2 === 1) arg += '"';
          else quoted = !quoted;
        } else {
          arg += '\\'.repeat(n);
          i--;
        }
        continue;
      }
      if (c === '"') {
        if (quoted && line[i + 1] === '"') {
          arg += '"';
          i++;
        } else quoted = !quoted;
        continue;
      }
      arg += c;
    }
    args.push(arg);
  }
  return args;
}

/** A PowerShell single-quoted string → text (doubled quote characters are one). */
function unPs(lit: string): string {
  expect(/^'[\s\S]*'$/.test(lit)).toBe(true);
  return lit.slice(1, -1).replace(/(['\u2018\u2019\u201A\u201B])\1/g, '$1');
}

describe('quoting against hostile paths', () => {
  it('posixQuote: a real sh passes every string through unchanged, and runs nothing', () => {
    const cmd = `printf '%s\\0' ${HOSTILE.map(posixQuote).join(' ')}`;
    expect(shArgv(cmd)).toEqual(HOSTILE);
    expect(existsSync('/tmp/gooff-pwned')).toBe(false);
  });

  it('appleScriptString: the literal decodes to exactly the text, which sh then splits back into the arguments', () => {
    for (const s of HOSTILE) expect(unAppleScript(appleScriptString(s))).toBe(s);
    const command = `printf '%s\\0' ${HOSTILE.map(posixQuote).join(' ')}`;
    expect(shArgv(unAppleScript(appleScriptString(command)))).toEqual(HOSTILE);
    expect(appleScriptString('a\nb')).not.toContain('\n'); // one line in osascript -e
  });

  it('windowsArg: the C runtime rules give back every string (the rules as decoded agree with Python\'s list2cmdline)', () => {
    const line = HOSTILE.map(windowsArg).join(' ');
    expect(msSplit(line)).toEqual(HOSTILE);
    // the decoder above is checked against an independent encoder of the same rules
    const plain = HOSTILE.filter((s) => !/[\n\v]/.test(s));
    const py = spawnSync('python3', ['-c', 'import json,subprocess,sys; print(subprocess.list2cmdline(json.load(sys.stdin)), end="")'], { input: JSON.stringify(plain), encoding: 'utf8' });
    if (py.status === 0) expect(msSplit(py.stdout)).toEqual(plain);
    else console.log(`python3 not available for the list2cmdline cross-check: ${py.stderr || py.error}`);
  });

  it('psString: single-quoted, every quote character doubled; $(...) and backticks stay text', () => {
    for (const s of HOSTILE) expect(unPs(psString(s))).toBe(s);
    expect(psString("it's ‘x’")).toBe("'it''s ‘‘x’’'");
  });

  it('NUL cannot be passed and is refused', () => {
    expect(() => posixQuote('a\0b')).toThrow(AppError);
    expect(() => windowsArg('a\0b')).toThrow(AppError);
  });
});

describe('argument vectors per OS (pure)', () => {
  const node: CliRuntime = { execPath: '/usr/bin/node', electron: false, cliPath: '/opt/x/dist/cli/go-offline.cjs' };
  const app: CliRuntime = { execPath: '/opt/Go Offline Installer/go-offline-installer', electron: true, cliPath: packagedCliPath('/opt/Go Offline Installer/resources') };
  const args = elevatedInstallArgs({ bundle: '/media/usb stick/b', environment: { goflags: '-mod=mod', shells: ['bash', 'fish'], sudoLink: true } });

  it('install arguments: system scope, no questions, JSON; values that start with "-" stay values', () => {
    expect(args).toEqual(['install', '--bundle', '/media/usb stick/b', '--scope', 'system', '--goflags=-mod=mod', '--sudo-link', '--shell=bash', '--shell=fish', '--yes', '--json']);
    expect(elevatedInstallArgs({ bundle: 'http://relay:8080/', prefix: '/opt', version: '1.22.5', resultFile: '/tmp/r.json' })).toEqual([
      'install', '--bundle', 'http://relay:8080/', '--scope', 'system', '--prefix', '/opt', '--go-version', '1.22.5', '--result-file', '/tmp/r.json', '--yes', '--json',
    ]);
  });

  it('Linux: pkexec <node> <cli> …; Electron through env ELECTRON_RUN_AS_NODE=1 with the packaged CLI', () => {
    expect(linuxElevation(node, args)).toEqual({ file: 'pkexec', args: ['/usr/bin/node', '/opt/x/dist/cli/go-offline.cjs', ...args] });
    expect(linuxElevation(app, args, [['LANG', 'zh_CN.UTF-8']])).toEqual({
      file: 'pkexec',
      args: ['/usr/bin/env', 'ELECTRON_RUN_AS_NODE=1', 'LANG=zh_CN.UTF-8', '/opt/Go Offline Installer/go-offline-installer', '/opt/Go Offline Installer/resources/app.asar.unpacked/dist/cli/go-offline.cjs', ...args],
    });
    expect(cliRuntime({ packaged: true, resourcesPath: '/opt/G/resources', execPath: '/opt/G/g' })).toEqual({ execPath: '/opt/G/g', electron: true, cliPath: '/opt/G/resources/app.asar.unpacked/dist/cli/go-offline.cjs' });
    expect(cliRuntime({ packaged: false, execPath: '/usr/bin/node', electron: false }).cliPath).toBe(CLI_BUNDLE);
  });

  it('macOS: osascript -e do shell script "<quoted words>" with administrator privileges', () => {
    const cmd = macElevation(app, args);
    expect(cmd.file).toBe('osascript');
    expect(cmd.args[0]).toBe('-e');
    expect(cmd.args).toHaveLength(2);
    const m = /^do shell script ("[\s\S]*") with administrator privileges$/.exec(cmd.args[1]!);
    expect(m).not.toBeNull();
    // the shell command decodes to: env ELECTRON_RUN_AS_NODE=1 <app> <cli> <args>, word for word
    const words = shArgv(`set -- ${unAppleScript(m![1]!)}; printf '%s\\0' "$@"`);
    expect(words).toEqual(['/usr/bin/env', 'ELECTRON_RUN_AS_NODE=1', app.execPath, app.cliPath, ...args]);
  });

  it('Windows: powershell -EncodedCommand → Start-Process -Verb RunAs → inner script → Start-Process <exe> <exact line>', () => {
    const win: CliRuntime = { execPath: 'C:\\Program Files\\Go Offline Installer\\Go Offline Installer.exe', electron: true, cliPath: 'C:\\Program Files\\Go Offline Installer\\resources\\app.asar.unpacked\\dist\\cli\\go-offline.cjs' };
    const wargs = elevatedInstallArgs({ bundle: 'E:\\go bundle "2024"\\', resultFile: 'C:\\Users\\李 雷\\AppData\\Local\\Temp\\go-offline-elevate-x\\result.json' });
    const cmd = windowsElevation(win, wargs, [['GO_OFFLINE_LANG', "zh'$(x)"]]);
    expect(cmd.file).toBe('powershell.exe');
    expect(cmd.args.slice(0, 5)).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand']);
    const outer = Buffer.from(cmd.args[5]!, 'base64').toString('utf16le');
    expect(psEncode(outer)).toBe(cmd.args[5]);
    const om = /Start-Process -FilePath 'powershell\.exe' -ArgumentList ('(?:[^']|'')*') -Verb RunAs -Wait -PassThru/.exec(outer);
    expect(om).not.toBeNull();
    const psArgs = msSplit(unPs(om![1]!));
    expect(psArgs.slice(0, -1)).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand']);
    const inner = Buffer.from(psArgs.at(-1)!, 'base64').toString('utf16le');
    expect(inner).toContain("$env:ELECTRON_RUN_AS_NODE = '1'; ");
    expect(inner).toContain("$env:GO_OFFLINE_LANG = 'zh''$(x)'; ");
    const im = /Start-Process -FilePath ('(?:[^']|'')*') -ArgumentList ('(?:[^']|'')*') -Wait -PassThru -NoNewWindow; exit \$p\.ExitCode$/.exec(inner);
    expect(im).not.toBeNull();
    expect(unPs(im![1]!)).toBe(win.execPath);
    expect(msSplit(unPs(im![2]!))).toEqual([win.cliPath, ...wargs]);
  });

  it('the child\'s outcome: its JSON result, its JSON error, a refused prompt, a missing tool', () => {
    const value = { record: { version: 'go1' } };
    expect(childOutcome('pkexec', { code: 0, stdout: JSON.stringify(value) + '\n', stderr: '' }, null)).toEqual(value);
    const data = new AppError('BUNDLE_TAMPERED', { count: 1, files: 'go/x (wrong size)' }).toData();
    const e1 = (() => { try { childOutcome('pkexec', { code: 2, stdout: '', stderr: 'verify …\n' + JSON.stringify({ error: data }) + '\n' }, null); } catch (e) { return e; } })() as AppError;
    expect([e1.code, e1.exit, e1.params.files]).toEqual(['BUNDLE_TAMPERED', 2, 'go/x (wrong size)']);
    const e2 = (() => { try { childOutcome('osascript', { code: 1, stdout: '', stderr: '' }, JSON.stringify({ ok: false, error: data })); } catch (e) { return e; } })() as AppError;
    expect(e2.code).toBe('BUNDLE_TAMPERED');
    expect(childOutcome('powershell', { code: 0, stdout: '', stderr: '' }, JSON.stringify({ ok: true, value }))).toEqual(value);
    const code = (f: () => unknown) => { try { f(); return 'ok'; } catch (e) { return (e as AppError).code; } };
    expect(code(() => childOutcome('pkexec', { code: 126, stdout: '', stderr: 'Error executing command as another user: Not authorized' }, null))).toBe('INSTALL_ELEVATION_CANCELLED');
    expect(code(() => childOutcome('osascript', { code: 1, stdout: '', stderr: '0:120: execution error: User canceled. (-128)' }, null))).toBe('INSTALL_ELEVATION_CANCELLED');
    expect(code(() => childOutcome('pkexec', { code: null, stdout: '', stderr: '', spawnError: Object.assign(new Error('spawn pkexec ENOENT'), { code: 'ENOENT' }) }, null))).toBe('INSTALL_ELEVATION_UNAVAILABLE');
    expect(code(() => childOutcome('pkexec', { code: 127, stdout: '', stderr: 'boom' }, null))).toBe('INSTALL_ELEVATION_FAILED');
  });
});

describe('a real elevated run on Linux (stand-in pkexec first on PATH)', () => {
  let fakeBin: string;
  let argvLog: string;
  let bundle: string;
  let home: string;
  const base = { PATH: '', LANG: 'C.UTF-8' };

  beforeAll(() => {
    fakeBin = join(tmp.path, 'fake bin');
    mkdirSync(fakeBin, { recursive: true });
    argvLog = join(tmp.path, 'pkexec-argv');
    home = join(tmp.path, 'root-home');
    mkdirSync(home);
    // like pkexec: the program and its arguments exactly as given, a clean environment; this one
    // also records its argv (NUL-separated) and, when asked, "grants rights" by making a read-only
    // system root writable
    writeFileSync(
      join(fakeBin, 'pkexec'),
      `#!/bin/sh\nprintf '%s\\0' "$@" > ${posixQuote(argvLog)}\nif [ -f ${posixQuote(join(tmp.path, 'remount'))} ]; then mount -o remount,rw "$(cat ${posixQuote(join(tmp.path, 'remount'))})" || exit 127; fi\nexec /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=${posixQuote(home)} "$@"\n`,
    );
    chmodSync(join(fakeBin, 'pkexec'), 0o755);
    base.PATH = `${fakeBin}:/usr/bin:/bin`;
    // a bundle in a folder whose name a shell would trip over
    const hostileDir = join(tmp.path, 'b $(touch gooff-pwned) `id` \'q" \n x');
    mkdirSync(hostileDir, { recursive: true });
    const a = makeTgz(join(hostileDir, 'go1.18.0.linux-amd64.tar.gz'), tinyGoEntries('go1.18.0'));
    bundle = makeBundle(join(hostileDir, 'bundle'), [{ archive: a.path, version: 'go1.18.0' }]).dir;
  });

  it('our exact argv reaches a real CLI run that installs into the system root', async () => {
    const root = join(tmp.path, 'sysroot');
    const env = { ...base, GO_OFFLINE_SYSTEM_ROOT: root };
    const runtime: CliRuntime = { execPath: process.execPath, electron: false, cliPath: CLI_BUNDLE };
    const events: Progress[] = [];
    const job = createJob({ onProgress: (p) => events.push(p) });
    const r = await runElevatedInstall({ bundle, environment: { sudoLink: true }, env, platform: 'linux', runtime, job });
    expect(r.record.goroot).toBe(join(root, 'usr', 'local', 'go'));
    expect(r.record.scope).toBe('system');
    expect(r.record.source).toBe(bundle);
    const argv = readFileSync(argvLog, 'utf8').split('\0').slice(0, -1);
    expect(argv).toEqual(linuxElevation(runtime, elevatedInstallArgs({ bundle, environment: { sudoLink: true } }), [['LANG', 'C.UTF-8'], ['GO_OFFLINE_SYSTEM_ROOT', root]]).args);
    expect(argv[0]).toBe('/usr/bin/env');
    expect(execFileSync(join(root, 'usr/local/bin/go'), ['version'], { encoding: 'utf8' }).trim()).toBe('go version go1.18.0 linux/amd64');
    expect(existsSync(join(root, 'etc/profile.d/go-offline.sh'))).toBe(true);
    expect(existsSync(join(tmp.path, 'gooff-pwned')) || existsSync('gooff-pwned')).toBe(false);
    expect(events.map((e) => [e.phase, e.done])).toEqual([['elevate', 0], ['elevate', 1]]);
  });

  it('the child\'s errors come back as themselves (a tampered bundle: exit-2 error naming the file)', async () => {
    const b = join(tmp.path, 'tampered');
    const a = makeTgz(join(tmp.path, 'go1.18.1.linux-amd64.tar.gz'), tinyGoEntries('go1.18.1'));
    makeBundle(b, [{ archive: a.path, version: 'go1.18.1', copy: true }]);
    writeFileSync(join(b, 'go', 'go1.18.1.linux-amd64.tar.gz'), 'short');
    const env = { ...base, GO_OFFLINE_SYSTEM_ROOT: join(tmp.path, 'sysroot-2') };
    const err = await runElevatedInstall({ bundle: b, env, platform: 'linux', runtime: { execPath: process.execPath, electron: false, cliPath: CLI_BUNDLE }, job: createJob() }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect([(err as AppError).code, (err as AppError).exit]).toEqual(['BUNDLE_TAMPERED', 2]);
    expect(String((err as AppError).params.files)).toContain('go/go1.18.1.linux-amd64.tar.gz');
  });

  it('install.run with elevate: true, on a system root this process cannot write, goes through pkexec and installs', async (ctx) => {
    const root = join(tmp.path, 'ro-root');
    mkdirSync(root);
    const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=32m', 'tmpfs', root], { encoding: 'utf8' });
    if (m.status !== 0) {
      console.log(`skipped: cannot mount a read-only tmpfs here (${m.stderr.trim()})`);
      ctx.skip();
      return;
    }
    try {
      const env = { ...base, HOME: join(tmp.path, 'user-home'), GO_OFFLINE_SYSTEM_ROOT: root };
      const events: Progress[] = [];
      const d = createDispatcher({ env, platform: 'linux', emit: (p) => events.push(p), log: false });
      // without elevate: the plain refusal
      const refused = await d.dispatch('install.run', { jobId: randomUUID(), bundle, scope: 'system' });
      expect(refused, JSON.stringify(refused)).toMatchObject({ ok: false, error: { code: 'INSTALL_NEEDS_ADMIN' } });
      writeFileSync(join(tmp.path, 'remount'), root);
      const jobId = randomUUID();
      const r = await d.dispatch('install.run', { jobId, bundle, scope: 'system', elevate: true });
      expect(r.ok, JSON.stringify(r)).toBe(true);
      expect((r as { ok: true; value: { record: { goroot: string } } }).value.record.goroot).toBe(join(root, 'usr', 'local', 'go'));
      expect(readFileSync(join(root, 'usr/local/go/VERSION'), 'utf8')).toBe('go1.18.0\n');
      expect(events.some((e) => e.jobId === jobId && e.phase === 'elevate')).toBe(true);
      const s = await d.dispatch('install.state', { scope: 'system' });
      expect((s as { ok: true; value: { current: { version: string } } }).value.current.version).toBe('go1.18.0');
    } finally {
      spawnSync('umount', [root]);
      writeFileSync(join(tmp.path, 'remount'), '');
      spawnSync('rm', ['-f', join(tmp.path, 'remount')]);
    }
  });

  it('a refused prompt (pkexec exit 126) and a machine without pkexec', async () => {
    const refuse = join(tmp.path, 'refuse');
    mkdirSync(refuse);
    writeFileSync(join(refuse, 'pkexec'), '#!/bin/sh\necho "Error executing command as another user: Not authorized" >&2\nexit 126\n');
    chmodSync(join(refuse, 'pkexec'), 0o755);
    const rt: CliRuntime = { execPath: process.execPath, electron: false, cliPath: CLI_BUNDLE };
    const e1 = await runElevatedInstall({ bundle, env: { PATH: `${refuse}:/usr/bin:/bin` }, platform: 'linux', runtime: rt, job: createJob() }).catch((e) => e);
    expect((e1 as AppError).code).toBe('INSTALL_ELEVATION_CANCELLED');
    const empty = join(tmp.path, 'no-pkexec');
    mkdirSync(empty);
    const e2 = await runElevatedInstall({ bundle, env: { PATH: empty }, platform: 'linux', runtime: rt, job: createJob() }).catch((e) => e);
    expect((e2 as AppError).code).toBe('INSTALL_ELEVATION_UNAVAILABLE');
  });
});
