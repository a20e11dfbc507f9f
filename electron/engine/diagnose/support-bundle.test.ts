import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../../test/support/tmp';
import type { DiagnoseReport } from '../../../shared/diagnose';
import { AppError } from '../../../shared/errors';
import { runDiagnose } from './index';
import { defaultSupportBundleName, isSupportBundleName, readSupportBundle, supportBundleTarget, writeSupportBundle } from './support-bundle';
import { Redactor } from './redact';
import { supportManifest, tarFile } from './test-helpers';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir('gooff-support-');
});
afterAll(() => tmp?.remove());

const SECRETS = {
  GITHUB_TOKEN: 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  DB_PASSWORD: 'correct-horse-battery-staple',
  MY_SERVICE_API_KEY: 'zz-planted-api-key-998877',
  proxyPassword: 's3cr3tPr0xyPw',
  goproxyPassword: 'g0pr0xyPassw0rd',
  bearer: 'eyPlantedBearerToken1234567890',
  logOnly: 'sk-' + 'plantedOpenAIStyleKey0123456789',
  NPM_TOKEN: 'npm_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8',
  awsKeyId: 'AKIA' + 'PLANTED0EXAMPLE7',
  gitlab: 'glpat-' + 'PlantedGitLab1234567',
  slackBot: 'xoxb-' + '123456789012-PlantedSlackBot',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.' + 'eyJzdWIiOiJwbGFudGVkIn0.' + 'c2lnbmF0dXJlcGxhbnRlZA',
  privateKey: 'MIIEplantedPRIVATEkeyBODYline0123456789',
  auditPassword: 'audit-json-password-4711',
  queryToken: 'query-token-value-0815',
  // the nine that survived before (issue 13 item 5)
  DB_PASS: 'db-pass-planted-31337',
  SSHPASS: 'sshpass-planted-27182',
  GPG_PASSPHRASE: 'gpg passphrase planted 16180',
  LDAP_BIND_PW: 'ldap-bind-pw-planted-14142',
  azureAccountKey: 'PlantedAzureKey0123456789abcdefABCDEF+/xyz==',
  slackWebhook: 'T0PLANTED/B0PLANTED/PlantedWebhookSecret24',
  bareProxyPw: 'bareProxyPw-99',
  ldflagsKey: 'ldflags-main-key-planted-42',
  slashPassword: 'pa/ss9word-with-slash',
};
const USER = 'zhanglei7';

function allFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...allFiles(p));
    else out.push(p);
  }
  return out;
}

async function plantedMachine(name: string) {
  const home = join(tmp.path, name, USER);
  const state = join(home, '.local', 'state', 'go-offline');
  mkdirSync(join(state, 'logs'), { recursive: true });
  mkdirSync(join(home, '.config', 'go'), { recursive: true });
  const env: Record<string, string> = {
    HOME: home,
    USER,
    SHELL: '/bin/bash',
    PATH: '/usr/bin:/bin',
    XDG_STATE_HOME: join(home, '.local', 'state'),
    XDG_CONFIG_HOME: join(home, '.config'),
    GITHUB_TOKEN: SECRETS.GITHUB_TOKEN,
    AWS_SECRET_ACCESS_KEY: SECRETS.AWS_SECRET_ACCESS_KEY,
    DB_PASSWORD: SECRETS.DB_PASSWORD,
    MY_SERVICE_API_KEY: SECRETS.MY_SERVICE_API_KEY,
    HTTPS_PROXY: `http://alice:${SECRETS.proxyPassword}@proxy.corp.example:3128`,
    GOPROXY: `https://bob:${SECRETS.goproxyPassword}@goproxy.corp.example/,off`,
    NPM_TOKEN: SECRETS.NPM_TOKEN,
    DB_PASS: SECRETS.DB_PASS,
    SSHPASS: SECRETS.SSHPASS,
    GPG_PASSPHRASE: SECRETS.GPG_PASSPHRASE,
    LDAP_BIND_PW: SECRETS.LDAP_BIND_PW,
    AZURE_STORAGE_CONNECTION_STRING: `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${SECRETS.azureAccountKey};EndpointSuffix=core.windows.net`,
    SLACK_WEBHOOK_URL: `https://hooks.slack.com/services/${SECRETS.slackWebhook}`,
    http_proxy: `carol:${SECRETS.bareProxyPw}@proxy.corp.example:3128`,
    GOFLAGS: `-mod=mod -ldflags=-X=main.key=${SECRETS.ldflagsKey}`,
    GIT_REPO: `https://deploy:${SECRETS.slashPassword}@git.corp.example/team/repo.git`,
  };
  writeFileSync(join(home, '.config', 'go', 'env'), `GOPROXY=https://bob:${SECRETS.goproxyPassword}@goproxy.corp.example/,off\nGOFLAGS=-ldflags=-X main.key=${SECRETS.ldflagsKey}\n`);
  writeFileSync(
    join(state, 'logs', 'app.log'),
    [
      `07:00 download via http://alice:${SECRETS.proxyPassword}@proxy.corp.example:3128`,
      `07:01 request header Authorization: Bearer ${SECRETS.bearer}`,
      `07:02 env dump GITHUB_TOKEN=${SECRETS.GITHUB_TOKEN}`,
      `07:03 someone pasted ${SECRETS.logOnly} and ${SECRETS.DB_PASSWORD}`,
      `07:04 wrote ${home}/go/bin/tool`,
      `07:05 aws ${SECRETS.awsKeyId} gitlab ${SECRETS.gitlab} slack ${SECRETS.slackBot} session ${SECRETS.jwt}`,
      `07:06 GET https://relay.corp.example/bundle/manifest.json?token=${SECRETS.queryToken}&x=1`,
      `07:07 git clone https://deploy:${SECRETS.slashPassword}@git.corp.example/team/repo.git`,
      `07:08 notify https://hooks.slack.com/services/${SECRETS.slackWebhook} proxy http_proxy=carol:${SECRETS.bareProxyPw}@proxy.corp.example:3128`,
      `07:09 go build -ldflags "-X main.key=${SECRETS.ldflagsKey}" ./...`,
      `07:10 sshpass -p ${SECRETS.SSHPASS} ssh host; ldap bind ${SECRETS.LDAP_BIND_PW}`,
      `07:11 fetched https://goproxy.corp.example:8443/example.com/hello/@v/list`,
    ].join('\n') + '\n',
  );
  writeFileSync(join(state, 'audit.jsonl'), JSON.stringify({ at: '2025-01-01T00:00:00Z', event: 'install.start', source: `https://bob:${SECRETS.goproxyPassword}@relay.corp.example/bundle`, password: SECRETS.DB_PASSWORD }) + '\n' + JSON.stringify({ event: 'x', password: SECRETS.auditPassword, keyFingerprint: 'EB4C1BFD4F042F6DDDCCEC917721F63BD38B4796' }) + '\n');
  writeFileSync(
    join(state, 'verify-results.json'),
    JSON.stringify({ ok: false, goroot: `${home}/.local/go`, output: `go: GOPROXY=https://bob:${SECRETS.goproxyPassword}@goproxy.corp.example/\n-----BEGIN RSA PRIVATE KEY-----\n${SECRETS.privateKey}\n-----END RSA PRIVATE KEY-----` }),
  );
  const report = await runDiagnose({ env, platform: 'linux', probeNetwork: false, only: ['stale-goroot', 'goflags-insecure', 'proxy-file-url'] });
  return { home, env, report };
}

describe('support bundle', () => {
  it('removes every planted secret from every file (extracted with GNU tar and searched)', async () => {
    const { env, report } = await plantedMachine('secrets');
    const out = join(tmp.path, 'out', 'support.tar.gz');
    const { manifest } = await writeSupportBundle({ env, platform: 'linux', out, report, envReport: null, removeUserNames: true });
    const dir = join(tmp.path, 'extracted');
    mkdirSync(dir);
    execFileSync('tar', ['-xzf', out, '-C', dir]);
    const files = allFiles(dir).map((f) => f.slice(dir.length + 1)).sort();
    expect(files).toEqual(expect.arrayContaining(['manifest.json', 'report.json', 'report.md', 'environment-variables.json', 'go-env-file.txt', 'install/audit.jsonl', 'verify/verify-results.json', 'logs/app.log']));
    expect(Object.keys(SECRETS)).toHaveLength(25);
    for (const f of allFiles(dir)) {
      const text = readFileSync(f, 'utf8');
      for (const [k, v] of Object.entries(SECRETS)) expect(text.includes(v), `${k} leaked into ${f}`).toBe(false);
      expect(text.includes(USER), `user name leaked into ${f}`).toBe(false);
    }
    const vars = JSON.parse(readFileSync(join(dir, 'environment-variables.json'), 'utf8'));
    expect(vars.GITHUB_TOKEN).toBe('[redacted]');
    expect(vars.HTTPS_PROXY).toBe('http://[redacted]@proxy.corp.example:3128'); // the host stays: support needs it
    expect(vars.SHELL).toBe('/bin/bash');
    const log = readFileSync(join(dir, 'logs', 'app.log'), 'utf8');
    expect(log).toContain('~/go/bin/tool');
    // what support needs stays: hosts, module paths with @v, public key fingerprints
    expect(log).toContain('https://goproxy.corp.example:8443/example.com/hello/@v/list');
    expect(log).toContain('https://hooks.slack.com/services/[redacted]');
    expect(log).toContain('[redacted]@git.corp.example/team/repo.git');
    expect(vars.http_proxy).toBe('[redacted]@proxy.corp.example:3128');
    expect(vars.GOFLAGS).toBe('-mod=mod -ldflags=-X=main.key=[redacted]');
    expect(vars.AZURE_STORAGE_CONNECTION_STRING).toBe('DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=[redacted];EndpointSuffix=core.windows.net');
    for (const k of ['DB_PASS', 'SSHPASS', 'GPG_PASSPHRASE', 'LDAP_BIND_PW', 'NPM_TOKEN']) expect(vars[k], k).toBe('[redacted]');
    expect(readFileSync(join(dir, 'install', 'audit.jsonl'), 'utf8')).toContain('EB4C1BFD4F042F6DDDCCEC917721F63BD38B4796');
    expect(manifest.redactions.urlCredentials).toBeGreaterThan(0);
    expect(manifest.userNamesRemoved).toBe(true);
  });

  it('keeps user names unless asked to remove them (secrets always go)', async () => {
    const { env, report } = await plantedMachine('names');
    const out = join(tmp.path, 'out', 'names.tar.gz');
    await writeSupportBundle({ env, platform: 'linux', out, report });
    const r = await readSupportBundle(out);
    expect(r.warnings).toEqual([]);
    const vars = r.files.find((f) => f.path === 'environment-variables.json');
    expect(vars?.verified).toBe(true);
    const varsText = execFileSync('tar', ['-xzOf', out, 'environment-variables.json'], { encoding: 'utf8' });
    expect(JSON.parse(varsText).HOME).toContain(USER);
    expect(varsText).not.toContain(SECRETS.GITHUB_TOKEN);
    expect(r.markdown).not.toContain(SECRETS.goproxyPassword);
  });

  it('reads back what it wrote: report, markdown and verified files', async () => {
    const { env, report } = await plantedMachine('readback');
    const out = join(tmp.path, 'out', 'readback.tar.gz');
    await writeSupportBundle({ env, platform: 'linux', out, report, removeUserNames: true });
    const r = await readSupportBundle(out);
    expect(r.report.schema).toBe('go-offline/diagnose@1');
    expect(r.report.runs.map((x) => x.id)).toEqual(report.runs.map((x) => x.id));
    expect(r.markdown).toContain('# Go Offline Installer');
    expect(r.files.every((f) => f.verified)).toBe(true);
    expect(r.warnings).toEqual([]);
  });
});

describe('support bundle file names (.gosupport, registered by packaging)', () => {
  it('given a folder, writes go-offline-support-<date>.gosupport in it; the reader opens it', async () => {
    const { env, report } = await plantedMachine('ext-folder');
    const dir = join(tmp.path, 'out-folder');
    mkdirSync(dir, { recursive: true });
    const { path } = await writeSupportBundle({ env, platform: 'linux', out: dir, report });
    expect(path.startsWith(dir + '/')).toBe(true);
    expect(path.slice(dir.length + 1)).toMatch(/^go-offline-support-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.gosupport$/);
    expect(readdirSync(dir)).toEqual([path.slice(dir.length + 1)]);
    // the same bytes as a .tar.gz: GNU tar reads it
    expect(execFileSync('tar', ['-tzf', path], { encoding: 'utf8' })).toContain('report.json');
    const r = await readSupportBundle(path);
    expect(r.files.every((f) => f.verified)).toBe(true);
  });

  it('a file name is honoured exactly, whatever its extension; both .gosupport and .tar.gz are read', async () => {
    const { env, report } = await plantedMachine('ext-exact');
    for (const name of ['report.tar.gz', 'case-1234.gosupport', 'for-support']) {
      const out = join(tmp.path, 'out-exact', name);
      const { path } = await writeSupportBundle({ env, platform: 'linux', out, report });
      expect(path).toBe(out);
      expect((await readSupportBundle(path)).report.schema).toBe('go-offline/diagnose@1');
    }
    expect(readdirSync(join(tmp.path, 'out-exact')).sort()).toEqual(['case-1234.gosupport', 'for-support', 'report.tar.gz']);
  });

  it('names and targets', async () => {
    expect(defaultSupportBundleName(new Date('2025-03-04T05:06:07.890Z'))).toBe('go-offline-support-2025-03-04T05-06-07.gosupport');
    expect(await supportBundleTarget(join(tmp.path, 'new-folder') + '/', new Date('2025-03-04T05:06:07Z'))).toBe(join(tmp.path, 'new-folder', 'go-offline-support-2025-03-04T05-06-07.gosupport'));
    expect(await supportBundleTarget(join(tmp.path, 'x.gosupport'))).toBe(join(tmp.path, 'x.gosupport'));
    expect(['a.gosupport', 'a.GOSUPPORT', 'a.tar.gz', 'a.tgz'].every(isSupportBundleName)).toBe(true);
    expect(['a.zip', 'a.gz', 'gosupport'].some(isSupportBundleName)).toBe(false);
  });
});

describe('reading a received bundle (never extracts or runs anything)', () => {
  let good: DiagnoseReport;
  beforeAll(async () => {
    good = (await plantedMachine('recv')).report;
  });
  const manifestFor = (files: Array<{ path: string; body: Buffer }>) => supportManifest(files);
  const write = (name: string, buf: Buffer) => {
    const p = join(tmp.path, name);
    writeFileSync(p, buf);
    return p;
  };
  const code = async (p: Promise<unknown>) => {
    try {
      await p;
      return 'ok';
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      return (e as AppError).code;
    }
  };

  it('rejects links, .. paths, absolute paths and devices', async () => {
    const report = { path: 'report.json', body: Buffer.from(JSON.stringify(good)) };
    const m = { path: 'manifest.json', body: manifestFor([report]) };
    expect(await code(readSupportBundle(write('link.tgz', tarFile([m, report, { path: 'passwd', type: 'SymbolicLink', linkpath: '/etc/passwd' }]))))).toBe('SUPPORT_BUNDLE_HOSTILE');
    expect(await code(readSupportBundle(write('dotdot.tgz', tarFile([m, report, { path: '../../evil.sh', body: Buffer.from('rm -rf ~') }]))))).toBe('SUPPORT_BUNDLE_HOSTILE');
    expect(await code(readSupportBundle(write('abs.tgz', tarFile([m, report, { path: '/etc/cron.d/x', body: Buffer.from('x') }]))))).toBe('SUPPORT_BUNDLE_HOSTILE');
    expect(await code(readSupportBundle(write('dev.tgz', tarFile([m, report, { path: 'dev', type: 'CharacterDevice' }]))))).toBe('SUPPORT_BUNDLE_HOSTILE');
    expect(existsSync(join(tmp.path, 'evil.sh'))).toBe(false);
    expect(existsSync(join(tmp.path, '..', 'evil.sh'))).toBe(false);
  });

  it('guards against huge entries, gzip bombs and huge files', async () => {
    const report = { path: 'report.json', body: Buffer.from(JSON.stringify(good)) };
    const m = { path: 'manifest.json', body: manifestFor([report]) };
    const zeros = { path: 'zeros.bin', body: Buffer.alloc(4 * 1024 * 1024) };
    const bomb = write('bomb.tgz', tarFile([m, report, zeros]));
    expect(statSync(bomb).size).toBeLessThan(64 * 1024);
    expect(await code(readSupportBundle(bomb, { maxExpanded: 1024 * 1024 }))).toBe('SUPPORT_BUNDLE_TOO_LARGE');
    expect(await code(readSupportBundle(bomb, { maxEntryBytes: 1024 * 1024 }))).toBe('SUPPORT_BUNDLE_HOSTILE');
    expect(await code(readSupportBundle(bomb, { maxCompressed: 1024 }))).toBe('SUPPORT_BUNDLE_TOO_LARGE');
    expect(await code(readSupportBundle(bomb, { maxEntries: 2 }))).toBe('SUPPORT_BUNDLE_HOSTILE');
  });

  it('reports unreadable, invalid and altered bundles; a planted script is listed, not run', async () => {
    expect(await code(readSupportBundle(write('text.tgz', Buffer.from('hello, not gzip'))))).toBe('SUPPORT_BUNDLE_UNREADABLE');
    expect(await code(readSupportBundle(join(tmp.path, 'nope.tgz')))).toBe('FILE_NOT_READABLE');
    const report = { path: 'report.json', body: Buffer.from(JSON.stringify(good)) };
    expect(await code(readSupportBundle(write('noreport.tgz', tarFile([{ path: 'manifest.json', body: manifestFor([]) }]))))).toBe('SUPPORT_BUNDLE_INVALID');
    expect(await code(readSupportBundle(write('nomanifest.tgz', tarFile([report]))))).toBe('SUPPORT_BUNDLE_INVALID');
    const marker = join(tmp.path, 'ran-marker');
    const script = { path: 'run.sh', body: Buffer.from(`#!/bin/sh\ntouch ${marker}\n`) };
    const altered = { path: 'report.md', body: Buffer.from('# altered') };
    const m = { path: 'manifest.json', body: manifestFor([report, { path: 'report.md', body: Buffer.from('# original') }]) };
    const r = await readSupportBundle(write('altered.tgz', tarFile([m, report, altered, script])));
    expect(r.warnings).toEqual(['report.md was changed after the bundle was written', 'run.sh is not listed in the manifest']);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('Redactor', () => {
  it('removes URL credentials, token shapes and key=value secrets but keeps ordinary text', () => {
    const r = new Redactor();
    expect(r.text('GOPROXY=https://u:p4ss@proxy.example/,direct')).toBe('GOPROXY=https://[redacted]@proxy.example/,direct');
    expect(r.text('token=abcdef123456 next')).toBe('token=[redacted] next');
    expect(r.text('"password": "hunter22"')).toBe('"password": "[redacted]"');
    expect(r.text('Authorization: Bearer abcdefghijk123')).toBe('Authorization: Bearer [redacted]');
    expect(r.text('go: cannot find GOROOT directory: /usr/local/go')).toBe('go: cannot find GOROOT directory: /usr/local/go');
    expect(r.value({ GOPATH: '/home/x/go', NPM_TOKEN: 'abcd1234' })).toEqual({ GOPATH: '/home/x/go', NPM_TOKEN: '[redacted]' });
  });
});

describe('Redactor: by name pattern and by value shape, not by a list of names', () => {
  it('treats any name with a secret word as secret, and leaves ordinary names alone', () => {
    const r = new Redactor();
    const secret = ['DB_PASS', 'SSHPASS', 'GPG_PASSPHRASE', 'LDAP_BIND_PW', 'MYSQL_PWD', 'AccountKey', 'main.key', 'apiToken', 'X_AUTH', 'GOAUTH', 'Authorization', 'CLIENT_CREDENTIALS', 'sig', 'SESSIONID', 'netrc'];
    const plain = ['PWD', 'OLDPWD', 'SSH_AUTH_SOCK', 'XAUTHORITY', 'GIT_AUTHOR_NAME', 'GOPATH', 'GOPRIVATE', 'GOFLAGS', 'PATH', 'keyFingerprint', 'PUBLIC_KEY', 'XDG_SESSION_TYPE', 'KEYTIMEOUT'];
    const out = r.env(Object.fromEntries([...secret, ...plain].map((k) => [k, 'value-' + k])));
    for (const k of secret) expect(out[k], k).toBe('[redacted]');
    for (const k of plain) expect(out[k], k).toBe('value-' + k);
  });

  it('finds secrets by the shape of the value wherever they are', () => {
    const r = new Redactor();
    const cases: Array<[string, string]> = [
      ['http_proxy=alice:pw1@proxy.corp:3128', 'http_proxy=[redacted]@proxy.corp:3128'],
      ['https://u:pa/ss@git.example/r.git', 'https://[redacted]@git.example/r.git'],
      ['GOFLAGS=-ldflags=-X=main.key=abc123', 'GOFLAGS=-ldflags=-X=main.key=[redacted]'],
      ['go build -ldflags "-X main.apiToken=abc123"', 'go build -ldflags "-X main.apiToken=[redacted]"'],
      ['AccountName=a;AccountKey=Zm9v+/YmFy==;EndpointSuffix=x', 'AccountName=a;AccountKey=[redacted];EndpointSuffix=x'],
      ['https://hooks.slack.com/services/T1/B2/sEcReT', 'https://hooks.slack.com/services/[redacted]'],
      ['?sv=2022&sig=abcDEF%2B&se=1', '?sv=2022&sig=[redacted]&se=1'],
      ['key AKIAABCDEFGHIJKLMNOP here', 'key AKIAABCDEFGHIJKLMNOP here'.replace('AKIAABCDEFGHIJKLMNOP', '[redacted]')],
    ];
    for (const [input, want] of cases) expect(r.text(input), input).toBe(want);
    // what support needs is kept
    for (const keep of ['https://goproxy.corp:8443/example.com/m/@v/list', 'git@github.com:org/repo.git', 'golang:1.19@sha256:abcdef', 'GOPROXY=https://proxy.golang.org,direct', '07:01 started']) {
      expect(r.text(keep), keep).toBe(keep);
    }
  });
});

describe('a received bundle that is malformed or carries terminal escapes (issue 13 items 5, 12)', () => {
  let good: DiagnoseReport;
  beforeAll(async () => {
    good = (await plantedMachine('hostile-fields')).report;
  });
  const bundleWith = (name: string, reportBody: Buffer, more: Array<{ path: string; body: Buffer }> = []) => {
    const report = { path: 'report.json', body: reportBody };
    const p = join(tmp.path, name);
    writeFileSync(p, tarFile([{ path: 'manifest.json', body: supportManifest([report, ...more]) }, report, ...more]));
    return p;
  };
  const rule = { id: 'stale-goroot', severity: 'error', title: { en: 't', zh: 't' }, checks: { en: 'c', zh: 'c' }, cause: { en: 'c', zh: 'c' }, fix: { en: 'f', zh: 'f' }, evidence: { goroot: '/x' } } as const;
  const failure = async (p: string) => {
    const e = (await readSupportBundle(p).then(() => null, (x: unknown) => x)) as AppError | null;
    expect(e, p).toBeInstanceOf(AppError);
    return e!;
  };

  it('a malformed report.json is SUPPORT_BUNDLE_INVALID naming what is wrong, never INTERNAL', async () => {
    const variants: Array<[string, unknown, RegExp]> = [
      ['no-host', { ...good, host: undefined }, /host/],
      ['null-run', { ...good, runs: [null] }, /runs\.0/],
      ['no-zh', { ...good, results: [{ id: 'x', severity: 'error', title: { en: 't' }, checks: { en: 'c', zh: 'c' }, cause: { en: 'c', zh: 'c' }, fix: { en: 'f', zh: 'f' }, evidence: {} }] }, /results\.0\.title\.zh/],
      ['bad-severity', { ...good, results: [{ ...rule, severity: 'fatal' }] }, /severity/],
      ['evidence-object', { ...good, results: [{ ...rule, evidence: { a: { b: 1 } } }] }, /evidence/],
      ['not-object', 42, /report\.json/],
    ];
    for (const [name, body, re] of variants) {
      const e = await failure(bundleWith(`bad-${name}.gosupport`, Buffer.from(JSON.stringify(body))));
      expect(e.code, name).toBe('SUPPORT_BUNDLE_INVALID');
      expect(e.message, name).toMatch(re);
    }
    const deep = await failure(bundleWith('deep.gosupport', Buffer.from('['.repeat(1_000_000))));
    expect(deep.code).toBe('SUPPORT_BUNDLE_INVALID');
    expect(deep.message).toContain('nested more than 64 levels');
    // a report written before root causes were listed still opens
    const old = await readSupportBundle(bundleWith('old.gosupport', Buffer.from(JSON.stringify({ ...good, rootCauses: undefined }))));
    expect(old.report.rootCauses).toEqual([]);
  });

  it('strips terminal escapes and control characters from everything it hands out', async () => {
    const ESC = '\x1b';
    const evil = `${ESC}]0;pwned${String.fromCharCode(7)}${ESC}[2J${ESC}[1;1H${ESC}P+q${ESC}\\\u009b31m\r\u202eevil`;
    const report = {
      ...good,
      goroot: `/opt/go${evil}`,
      results: [{ ...rule, id: `rule${evil}`, title: { en: `Title${evil}`, zh: `标题${evil}` }, evidence: { [`k${evil}`]: `v${evil}` } }],
    };
    const md = { path: `report.md`, body: Buffer.from(`# Report${evil}\nline two\tok\n`) };
    const odd = { path: `notes${ESC}[31m.txt`, body: Buffer.from('x') };
    const p = bundleWith('escapes.gosupport', Buffer.from(JSON.stringify(report)), [md, odd]);
    const r = await readSupportBundle(p);
    const all = JSON.stringify(r);
    // eslint-disable-next-line no-control-regex
    expect(all).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]|\\u001b|\\u0007|\\r|\\u009b/);
    expect(r.report.goroot).toBe('/opt/goevil');
    expect(r.report.results[0]!.title.en).toBe('Titleevil');
    expect(r.markdown).toBe('# Reportevil\nline two\tok\n');
    // the files are readable in the viewer, cleaned the same way
    expect(r.texts?.['report.md']).toBe('# Reportevil\nline two\tok\n');
    expect(r.files.map((f) => f.path)).toContain('notes.txt');
  });
});
