/**
 * The quoting module against hostile strings: the real sh (dash), bash, zsh (also with RC_QUOTES)
 * and fish give back every string exactly and run nothing; the install.sh twins (`sq`, `fq`,
 * `one_line`) print exactly what the TypeScript functions do; Go's settings file gets what
 * `go env -w` itself writes and reads back the same value. PowerShell and cmd have no interpreter
 * here: their quoting is checked against the documented rules.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { findDebianGoroot } from '../../test/support/go-fixture';
import { tempDir } from '../../test/support/tmp';
import { cmdSetLine, fishQuote, goEnvValue, oneLine, psQuote, SH_QUOTE_FUNCTIONS, shQuote } from './quote';

const tmp = tempDir('gooff-quote-');
afterAll(() => tmp.remove());
const pwned = join(tmp.path, 'pwned');

/** Strings a home folder, a prefix or a setting could hold; none has a line break. */
const HOSTILE = [
  'plain',
  '',
  'with space',
  '  two  spaces  ',
  "it's",
  "/home/o'brien",
  "''",
  "'",
  'say "hi"',
  `$(touch ${pwned})`,
  `'$(touch ${pwned})'`,
  `\`touch ${pwned}\``,
  `"$(touch ${pwned})"`,
  'tab\there',
  'back\\slash\\',
  "\\'",
  '\\\\',
  'C:\\Program Files\\Go Offline\\',
  '%PATH% & calc ^ | > < ( ) !x!',
  '${HOME} $HOME ; rm -rf ~ && echo',
  '*?[a-z]{1,2}~#',
  '‘typographic’ ‚quotes‛ “double”',
  '中文 路径',
  "'; touch /nonexistent-dir/x; echo '",
  '-n',
  '--',
];

const SHELL_ENV = { PATH: '/usr/bin:/bin', HOME: tmp.path, LANG: 'C.UTF-8', TERM: 'dumb' };

/** What a shell passes to printf for the quoted words, split at NUL. */
function argvOf(shell: string, args: string[], script: string): string[] {
  const out = execFileSync(shell, [...args, script], { encoding: 'utf8', env: { ...SHELL_ENV, XDG_CONFIG_HOME: join(tmp.path, 'cfg') } });
  return out.split('\0').slice(0, -1);
}

describe('POSIX shells: shQuote', () => {
  it.each([
    ['sh', []],
    ['bash', []],
    ['zsh', ['-f']],
    ['zsh with RC_QUOTES', ['-f', '-o', 'rcquotes']],
  ])('%s gives back every string and runs nothing', (name, args) => {
    const shell = name.split(' ')[0]!;
    expect(argvOf(shell, [...args, '-c'], `printf '%s\\0' ${HOSTILE.map(shQuote).join(' ')}`)).toEqual(HOSTILE);
    // as an assignment in a startup file is written: export NAME=<quoted>
    for (const v of HOSTILE) expect(argvOf(shell, [...args, '-c'], `export V=${shQuote(v)}; printf '%s\\0' "$V"`)).toEqual([v]);
    expect(existsSync(pwned)).toBe(false);
  });
  it('a line break inside quotes is still one word, but startup-file values refuse it (oneLine)', () => {
    expect(argvOf('sh', ['-c'], `printf '%s\\0' ${shQuote('a\nb')}`)).toEqual(['a\nb']);
    for (const bad of ['a\nb', 'a\rb', 'a\0b', 'a\u2028b']) {
      const e = (() => {
        try {
          oneLine('GOPROXY', bad);
        } catch (err) {
          return err;
        }
      })();
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('ENV_VALUE_LINE_BREAK');
    }
    for (const v of HOSTILE) expect(oneLine('X', v)).toBe(v);
    expect(() => shQuote('a\0b')).toThrow(AppError);
  });
});

describe('fish: fishQuote', () => {
  it('fish gives back every string and runs nothing', () => {
    expect(argvOf('fish', ['--no-config', '-c'], `printf '%s\\0' ${HOSTILE.map(fishQuote).join(' ')}`)).toEqual(HOSTILE);
    for (const v of HOSTILE) expect(argvOf('fish', ['--no-config', '-c'], `set -gx V ${fishQuote(v)}; printf '%s\\0' "$V"`)).toEqual([v]);
    expect(existsSync(pwned)).toBe(false);
  });
  it('only backslash and quote are escaped', () => {
    expect(fishQuote("a\\b'c$d")).toBe("'a\\\\b\\'c$d'");
  });
});

describe('the install.sh twins (sq, fq, one_line) print what the TypeScript functions do', () => {
  const run = (script: string, ...args: string[]) => spawnSync('sh', ['-c', `set -eu\n${SH_QUOTE_FUNCTIONS}\n${script}`, 'sh', ...args], { encoding: 'utf8', env: SHELL_ENV });
  it.each(HOSTILE.map((v) => [v]))('%j', (v) => {
    const r = run('one_line VALUE "$1"; printf "%s\\n" "$(sq "$1")"; printf "%s\\n" "$(fq "$1")"', v);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${shQuote(v)}\n${fishQuote(v)}\n`);
  });
  it('one_line stops the script on a line break (LF or CR), naming the value', () => {
    for (const bad of ['a\nb', 'a\rb', 'end\n']) {
      const r = run('one_line HOME "$1"; echo reached', bad);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('HOME contains a line break');
    }
  });
});

describe("Go's settings file: goEnvValue", () => {
  const goBin = join(findDebianGoroot(), 'bin', 'go');
  const goEnv = (file: string) => ({ HOME: tmp.path, PATH: '/usr/bin:/bin', GOENV: file, GOCACHE: join(tmp.path, 'gocache'), GOPATH: join(tmp.path, 'gopath'), GOTOOLCHAIN: 'local' });
  it('writes what `go env -w` writes, and go reads back exactly the value', () => {
    const values = HOSTILE.filter((v) => v !== '' && !v.startsWith(' ') && !v.endsWith(' '));
    for (const [i, v] of values.entries()) {
      const ours = join(tmp.path, `ours-${i}`);
      const theirs = join(tmp.path, `theirs-${i}`);
      writeFileSync(ours, `GOPRIVATE=${goEnvValue('GOPRIVATE', v)}\n`);
      execFileSync(goBin, ['env', '-w', `GOPRIVATE=${v}`], { env: goEnv(theirs) });
      expect(readFileSync(ours, 'utf8')).toBe(readFileSync(theirs, 'utf8'));
      const got = JSON.parse(execFileSync(goBin, ['env', '-json', 'GOPRIVATE'], { env: goEnv(ours), encoding: 'utf8' })) as Record<string, string>;
      expect(got.GOPRIVATE).toBe(v);
    }
  });
  it('refuses what `go env -w` refuses: line breaks and NUL', () => {
    for (const bad of ['a\nb', 'a\rb', 'a\vb']) {
      const r = spawnSync(goBin, ['env', '-w', `GOPRIVATE=${bad}`], { env: goEnv(join(tmp.path, 'refused')), encoding: 'utf8' });
      expect(r.status).not.toBe(0);
      expect(() => goEnvValue('GOPRIVATE', bad)).toThrow(AppError);
    }
    expect(() => goEnvValue('GOPRIVATE', 'a\0b')).toThrow(AppError);
    expect(() => goEnvValue('GOPRIVATE', 'bad \uD800 surrogate')).toThrow(AppError);
    expect(goEnvValue('GOPRIVATE', 'ok 😀')).toBe('ok 😀');
  });
});

/** A PowerShell single-quoted string → text, by about_Quoting_Rules: a doubled quote character is one. */
function unPs(lit: string): string {
  expect(/^'[\s\S]*'$/.test(lit)).toBe(true);
  const body = lit.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (/['\u2018\u2019\u201A\u201B]/.test(c)) {
      // a lone quote character would end the string early
      expect(/['\u2018\u2019\u201A\u201B]/.test(body[i + 1] ?? '')).toBe(true);
      i++;
    }
    out += c;
  }
  return out;
}

/**
 * A batch-file line `set "NAME=value"` → [name, value], by cmd's documented parsing with delayed
 * expansion off: phase 1 turns %% into % and expands %NAME% (which must not happen to our text);
 * inside the quotes nothing else is special; the text up to the last quote is the assignment.
 */
function unCmdSet(line: string): [string, string] {
  const m = /^set "([^=]+)=([\s\S]*)"$/.exec(line);
  expect(m).not.toBeNull();
  const raw = m![2]!;
  expect(raw.includes('"')).toBe(false);
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '%') {
      expect(raw[i + 1]).toBe('%'); // a single % would start a %VAR% expansion
      i++;
    }
    out += raw[i];
  }
  return [m![1]!, out];
}

describe('PowerShell and cmd (documented rules; no interpreter here)', () => {
  it('psQuote: single-quoted, every quote character doubled; $(...) and backticks stay text', () => {
    for (const s of HOSTILE) expect(unPs(psQuote(s))).toBe(s);
    expect(psQuote("it's ‘x’")).toBe("'it''s ‘‘x’’'");
    expect(psQuote('$env:PATH `n')).toBe("'$env:PATH `n'");
  });
  it('cmdSetLine: % doubled, & | < > ( ) ^ ! kept inside the quotes, a double quote or line break refused', () => {
    for (const s of HOSTILE.filter((v) => !v.includes('"'))) expect(unCmdSet(cmdSetLine('GOPROXY', s))).toEqual(['GOPROXY', s]);
    expect(cmdSetLine('P', '%PATH% & calc')).toBe('set "P=%%PATH%% & calc"');
    for (const bad of ['say "hi"', 'a\r\nb', 'a\nb']) expect(() => cmdSetLine('P', bad)).toThrow(AppError);
    expect(() => cmdSetLine('A B', 'x')).toThrow(AppError);
  });
});
