import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Ajv from 'ajv';
import { tempDir } from '../../../test/support/tmp';
import { copyProxy, ensureModuleGraph, writeSampleProject, PROJECT_MODULE, type ModuleGraph } from '../../../test/support/module-graph';
import { makeTgz, tinyGoEntries } from '../install/test-helpers';
import { createJob } from '../jobs';
import { MANIFEST_NAME, SUMS_NAME, type BundleManifest } from '../../../shared/bundle';
import { describeArchive, exportBundle } from './export';
import { classifyLicence, licenceCandidates } from './licence';
import { PROP, SBOM_NAME, golangPurl, scanProxyModules, zipHash1 } from './sbom';
import { parseGoSum } from '../modules/gomod';
import { REPORT_NAME } from './report';
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import { repoRoot } from '../../../test/support/go-fixture';

const require_ = createRequire(import.meta.url);
const schemaDir = join(dirname(require_.resolve('@cyclonedx/cyclonedx-library/package.json')), 'res', 'schema');
// the shipped copies are named *.SNAPSHOT.schema.json; their $ids are the published names
const schema = (name: string) => JSON.parse(readFileSync(join(schemaDir, name), 'utf8').replace(/"([a-z0-9.-]+)\.SNAPSHOT\.schema\.json/g, '"$1.schema.json')) as Record<string, unknown>;

/** The CycloneDX 1.5 JSON schema the library ships (with the SPDX and JSF schemas it refers to). */
function cyclonedx15() {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema(schema('spdx.SNAPSHOT.schema.json'));
  ajv.addSchema(schema('jsf-0.82.SNAPSHOT.schema.json'));
  return ajv.compile(schema('bom-1.5.SNAPSHOT.schema.json'));
}

// real licence texts on this machine: Debian's common licences, Go's vendored x/mod, npm packages
const REAL = {
  'Apache-2.0': '/usr/share/common-licenses/Apache-2.0',
  'MPL-2.0': '/usr/share/common-licenses/MPL-2.0',
  'BSD-3-Clause': '/usr/share/go-1.19/src/cmd/vendor/golang.org/x/mod/LICENSE',
  MIT: require_.resolve('ajv/LICENSE'),
  'BSD-2-Clause': require_.resolve('css-what/LICENSE'),
  ISC: require_.resolve('semver/LICENSE'),
} as const;

interface CdxComponent {
  'bom-ref': string;
  type: string;
  name: string;
  version?: string;
  purl?: string;
  hashes?: Array<{ alg: string; content: string }>;
  licenses?: Array<{ license: { id?: string; name?: string } }>;
  properties?: Array<{ name: string; value: string }>;
}
interface Cdx {
  bomFormat: string;
  specVersion: string;
  components: CdxComponent[];
  dependencies?: Array<{ ref: string; dependsOn?: string[] }>;
}
const props = (c: CdxComponent, name: string) => (c.properties ?? []).filter((p) => p.name === name).map((p) => p.value);

describe('licence classifier', () => {
  for (const [id, file] of Object.entries(REAL)) {
    it(`recognises the real ${id} text (${file})`, () => {
      expect(classifyLicence(readFileSync(file, 'utf8'))).toBe(id);
    });
  }
  it('says unknown for no text, a README, a mere mention of MIT, and the GPL', () => {
    expect(classifyLicence('')).toBe('unknown');
    expect(classifyLicence('# greet\n\nSays hello.\n')).toBe('unknown');
    expect(classifyLicence('This package is licensed under the MIT licence, see the website.')).toBe('unknown');
    expect(classifyLicence(readFileSync('/usr/share/common-licenses/GPL-3', 'utf8'))).toBe('unknown');
  });
  it('says unknown for a file with two licences (dual ISC/MIT), and names both', () => {
    const dual = readFileSync(require_.resolve('abbrev/LICENSE'), 'utf8');
    expect(classifyLicence(dual)).toBe('unknown');
    expect(licenceCandidates(dual).sort()).toEqual(['ISC', 'MIT']);
  });
  it('does not take a BSD-3 text with its third clause removed for BSD-3', () => {
    const bsd3 = readFileSync(REAL['BSD-3-Clause'], 'utf8');
    const cut = bsd3.replace(/\s*\*?\s*Neither the name[\s\S]*?permission\./, '');
    expect(cut).not.toBe(bsd3);
    expect(classifyLicence(cut)).toBe('BSD-2-Clause');
  });
});

describe('the bundle SBOM (CycloneDX 1.5)', () => {
  let t: ReturnType<typeof tempDir>;
  let graph: ModuleGraph;
  let out: string;
  let project: string;
  let goEnv: NodeJS.ProcessEnv;
  let cdx: Cdx;
  beforeAll(async () => {
    t = tempDir('gooff-sbom-');
    graph = ensureModuleGraph();
    const home = join(t.path, 'home');
    mkdirSync(home);
    goEnv = {
      PATH: '/usr/bin:/bin',
      HOME: home,
      GOPATH: join(home, 'go'),
      GOCACHE: join(home, 'gocache'),
      GOMODCACHE: join(home, 'modcache'),
      TMPDIR: t.path,
      GOROOT: '',
      GOTOOLCHAIN: 'local',
      GOFLAGS: '-modcacherw',
      LC_ALL: 'C',
      ...graph.env,
    };
    // the graph's proxy plus one module with an Apache-2.0 LICENSE, zipped by Info-ZIP
    const proxy = copyProxy(graph, join(t.path, 'proxy'));
    const src = join(t.path, 'lic-src');
    const root = join(src, 'example.com', 'licensed@v1.0.0');
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'go.mod'), 'module example.com/licensed\n\ngo 1.19\n');
    writeFileSync(join(root, 'lic.go'), 'package licensed\n');
    writeFileSync(join(root, 'LICENSE'), readFileSync(REAL['Apache-2.0']));
    const vdir = join(proxy, 'example.com', 'licensed', '@v');
    mkdirSync(vdir, { recursive: true });
    execFileSync('zip', ['-q', '-X', '-D', '-r', join(vdir, 'v1.0.0.zip'), 'example.com/licensed@v1.0.0'], { cwd: src });
    writeFileSync(join(vdir, 'v1.0.0.mod'), 'module example.com/licensed\n\ngo 1.19\n');
    writeFileSync(join(vdir, 'v1.0.0.info'), '{"Version":"v1.0.0","Time":"2023-01-01T00:00:00Z"}\n');
    writeFileSync(join(vdir, 'list'), 'v1.0.0\n');
    project = writeSampleProject(graph, join(t.path, 'app'));

    const tgz = makeTgz(join(t.path, 'go1.19.8.linux-amd64.tar.gz'), tinyGoEntries('go1.19.8'));
    out = join(t.path, 'media');
    await exportBundle({
      outDir: out,
      archives: [await describeArchive(tgz.path)],
      modules: { proxyDir: proxy, moduleCount: 8, size: 0, projects: [{ name: 'app', module: PROJECT_MODULE, goSum: readFileSync(join(project, 'go.sum'), 'utf8') }] },
      job: createJob(),
    });
    cdx = JSON.parse(readFileSync(join(out, SBOM_NAME), 'utf8')) as Cdx;
  }, 120_000);
  afterAll(() => t?.remove());

  it('is valid CycloneDX 1.5 JSON by the schema the library ships', () => {
    const validate = cyclonedx15();
    expect(cdx.bomFormat).toBe('CycloneDX');
    expect(cdx.specVersion).toBe('1.5');
    expect(validate(cdx), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    // and the schema does catch a broken one
    const broken = { ...cdx, components: [{ ...cdx.components[0], type: 'toolchain' }] };
    expect(validate(broken)).toBe(false);
  });

  it('is listed in manifest.json and SHA256SUMS, and sha256sum -c accepts the media', () => {
    const manifest = JSON.parse(readFileSync(join(out, MANIFEST_NAME), 'utf8')) as BundleManifest;
    expect(manifest.files.some((f) => f.path === SBOM_NAME)).toBe(true);
    expect(readFileSync(join(out, SUMS_NAME), 'utf8')).toMatch(new RegExp(`^[0-9a-f]{64}  ${SBOM_NAME.replace('.', '\\.')}$`, 'm'));
    const r = spawnSync('sha256sum', ['-c', '--strict', SUMS_NAME], { cwd: out, encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`${SBOM_NAME}: OK`);
  });

  it('names the Go toolchain per platform with its archive hash', () => {
    const manifest = JSON.parse(readFileSync(join(out, MANIFEST_NAME), 'utf8')) as BundleManifest;
    const archive = manifest.files.find((f) => f.kind === 'archive')!;
    const go = cdx.components.filter((c) => c.name === 'go');
    expect(go).toHaveLength(1);
    expect(go[0]!.version).toBe('1.19.8');
    expect(go[0]!.purl).toBe('pkg:golang/stdlib@v1.19.8?goarch=amd64&goos=linux');
    expect(go[0]!.hashes).toEqual([{ alg: 'SHA-256', content: archive.sha256 }]);
  });

  it('matches `go list -m -json all` of the sample project: every module with purl, zip SHA-256, go.sum h1 and "needed by"', () => {
    const listed = execFileSync(join(graph.goroot, 'bin', 'go'), ['list', '-m', '-json', 'all'], { cwd: project, env: { ...goEnv, GOPROXY: graph.goproxy }, encoding: 'utf8' });
    const mods = JSON.parse('[' + listed.replace(/\}\s*\{/g, '},{') + ']') as Array<{ Path: string; Version?: string; Main?: boolean; Replace?: { Path: string; Version: string } }>;
    const needed = mods.filter((m) => !m.Main).map((m) => m.Replace ?? { Path: m.Path, Version: m.Version! });
    expect(needed.length).toBeGreaterThanOrEqual(5);
    const goSum = readFileSync(join(project, 'go.sum'), 'utf8');
    const manifest = JSON.parse(readFileSync(join(out, MANIFEST_NAME), 'utf8')) as BundleManifest;
    for (const m of needed) {
      const purl = golangPurl(m.Path, m.Version);
      const c = cdx.components.find((x) => x.purl === purl);
      expect(c, purl).toBeDefined();
      // the h1 we computed from the zip is the one Go wrote into go.sum
      expect(goSum).toContain(`${m.Path} ${m.Version} ${props(c!, PROP.h1)[0]}\n`);
      expect(props(c!, PROP.neededBy)).toEqual(['app']);
      const file = props(c!, PROP.file)[0]!;
      expect(c!.hashes).toEqual([{ alg: 'SHA-256', content: manifest.files.find((f) => f.path === file)!.sha256 }]);
      expect(c!.licenses).toEqual([{ license: { name: 'unknown' } }]);
    }
    // the project depends on exactly those modules
    const dep = cdx.dependencies!.find((d) => d.ref === 'project:app')!;
    expect([...(dep.dependsOn ?? [])].sort()).toEqual(needed.map((m) => golangPurl(m.Path, m.Version)).sort());
    // versions in the proxy that the build list does not select are listed too, as not needed
    const util010 = cdx.components.find((x) => x.purl === 'pkg:golang/example.com/util@v0.1.0')!;
    expect(util010).toBeDefined();
    expect(props(util010, PROP.neededBy)).toEqual([]);
    // upper case in a module path is the real path in the purl, not the proxy's escaping
    expect(cdx.components.some((x) => x.purl === 'pkg:golang/example.com/Upper/Case@v1.0.0')).toBe(true);
  });

  it('finds the licence in the module zip, and its h1 is what Go itself computes', () => {
    const c = cdx.components.find((x) => x.purl === 'pkg:golang/example.com/licensed@v1.0.0')!;
    expect(c.licenses).toEqual([{ license: { id: 'Apache-2.0' } }]);
    expect(props(c, PROP.licenceFile)).toEqual(['LICENSE']);
    const dl = execFileSync(join(graph.goroot, 'bin', 'go'), ['mod', 'download', '-json', 'example.com/licensed@v1.0.0'], {
      cwd: t.path,
      env: { ...goEnv, GOPROXY: `file://${join(t.path, 'proxy')},off`, GOFLAGS: '-mod=mod -modcacherw', GONOSUMCHECK: '1', GONOSUMDB: 'example.com' },
      encoding: 'utf8',
    });
    expect(props(c, PROP.h1)).toEqual([(JSON.parse(dl) as { Sum: string }).Sum]);
  });
  it('scans the zips several at a time: the same entries as one by one, every zip SHA-256 what sha256sum says of the media copy', async () => {
    const proxyOnMedia = join(out, 'modules', 'proxy');
    const fresh = await scanProxyModules(proxyOnMedia);
    // the export scanned the source while copying: the SBOM says what a fresh read of the media says
    const inSbom = cdx.components.filter((c) => c.purl?.startsWith('pkg:golang/') && !c.purl.startsWith('pkg:golang/stdlib') && props(c, PROP.file).length);
    expect(inSbom.length).toBe(fresh.filter((m) => m.zip).length);
    for (const m of fresh.filter((x) => x.zip)) {
      const real = execFileSync('sha256sum', [join(proxyOnMedia, ...m.zip!.file.split('/'))], { encoding: 'utf8' }).split(' ')[0];
      expect(m.zip!.sha256, m.zip!.file).toBe(real);
      const c = inSbom.find((x) => x.purl === golangPurl(m.path, m.version))!;
      expect(c.hashes, m.zip!.file).toEqual([{ alg: 'SHA-256', content: real }]);
      expect(props(c, PROP.h1)).toEqual([m.zip!.h1]);
    }
  });
  it('reads a small zip whole and a big one entry by entry: the same h1, licence and SHA-256, and every h1 is the one in go.sum', async () => {
    const proxy = join(t.path, 'proxy');
    const sums = new Map(parseGoSum(readFileSync(join(project, 'go.sum'), 'utf8')).filter((l) => !l.goMod).map((l) => [`${l.path}@${l.version}`, l.hash]));
    const modules = (await scanProxyModules(proxy)).filter((m) => m.zip);
    expect(modules.length).toBeGreaterThan(3);
    let inGoSum = 0;
    for (const m of modules) {
      const file = join(proxy, ...m.zip!.file.split('/'));
      const whole = await zipHash1(file, `${m.path}@${m.version}/`);
      const streamed = await zipHash1(file, `${m.path}@${m.version}/`, { inMemoryMax: 0 });
      expect(whole.sha256, m.zip!.file).toBe(execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0]);
      expect({ ...whole, sha256: undefined }, m.zip!.file).toEqual({ ...streamed, sha256: undefined });
      expect(whole.h1).toBe(m.zip!.h1);
      const want = sums.get(`${m.path}@${m.version}`);
      if (want) {
        expect(whole.h1, m.zip!.file).toBe(want);
        inGoSum++;
      }
    }
    expect(inGoSum).toBeGreaterThan(0);
  });

  it('refuses a damaged zip either way: a broken local header, an entry that inflates past its declared size', async () => {
    const good = readFileSync(join(t.path, 'proxy', 'example.com', 'licensed', '@v', 'v1.0.0.zip'));
    const header = Buffer.from(good);
    header.writeUInt32LE(0x04034b51, 0); // the first entry's local header signature
    const central = Buffer.from(good);
    // the first central-directory entry (deflated LICENSE or go file) claims one byte less than it holds
    const cd = central.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    let at = cd;
    while (central.readUInt16LE(at + 10) !== 8) at = central.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4);
    central.writeUInt32LE(central.readUInt32LE(at + 24) - 1, at + 24);
    for (const [name, bytes] of [['header', header], ['size', central]] as const) {
      const file = join(t.path, `bad-${name}.zip`);
      writeFileSync(file, bytes);
      await expect(zipHash1(file, 'example.com/licensed@v1.0.0/'), name).rejects.toThrow();
      await expect(zipHash1(file, 'example.com/licensed@v1.0.0/', { inMemoryMax: 0 }), `${name} (streamed)`).rejects.toThrow();
    }
  });

  it('carries the transfer report, listed in manifest.json and SHA256SUMS (sha256sum -c checks it)', () => {
    const manifest = JSON.parse(readFileSync(join(out, MANIFEST_NAME), 'utf8')) as BundleManifest;
    expect(manifest.files.find((f) => f.path === REPORT_NAME)?.kind).toBe('doc');
    const r = spawnSync('sha256sum', ['-c', '--strict', SUMS_NAME], { cwd: out, encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`${REPORT_NAME}: OK`);
    const html = readFileSync(join(out, REPORT_NAME), 'utf8');
    // self-contained: no script, no link, no image or resource from anywhere
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|url\(/i);
    // every file of the manifest is in it with its hash; the signature state is said as it is
    for (const f of manifest.files.filter((x) => x.path !== REPORT_NAME)) expect(html, f.path).toContain(f.sha256);
    expect(html).toContain('not signed');
    expect(html).toContain('未签名');
  });

  it.skipIf(!existsSync('/usr/bin/chromium'))('renders in Chromium with scripts off and nothing fetched, in English and Chinese (screenshot in test-results/)', async () => {
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking'] });
    try {
      const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1100, height: 900 } });
      const page = await ctx.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      const url = 'file://' + join(out, REPORT_NAME);
      await page.goto(url);
      expect(requests).toEqual([url]);
      const text = await page.locator('body').innerText();
      for (const phrase of ['Transfer report', '传输报告', 'Signed by (key fingerprint)', '签名者（密钥指纹）', 'Target platforms', '目标平台', 'linux-amd64', 'example.com/licensed', 'Apache-2.0', 'example.com/Upper/Case', 'read back after writing: matched', '写入后回读：一致', 'SHA-256 not compared with a listing']) {
        expect(text, phrase).toContain(phrase);
      }
      // the module table says which project needs each module, and unknown licences as unknown
      const greet = page
        .locator('tr')
        .filter({ has: page.locator('td:nth-child(1) code', { hasText: /^example\.com\/greet$/ }) })
        .filter({ has: page.locator('td:nth-child(2) code', { hasText: /^v1\.1\.0$/ }) });
      expect(await greet.innerText()).toMatch(/unknown · 未知\s+app/);
      const shots = join(repoRoot, 'test-results', 'transfer-report');
      mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: join(shots, 'report.png'), fullPage: false });
      await page.emulateMedia({ media: 'print' });
      await page.pdf?.({ path: join(shots, 'report.pdf') }).catch(() => {});
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe('the transfer report of a signed bundle', () => {
  let t: ReturnType<typeof tempDir>;
  beforeAll(() => {
    t = tempDir('gooff-report-signed-');
  });
  afterAll(() => t?.remove());

  it('names the signer by fingerprint, and gpg --verify plus sha256sum -c cover the report', async () => {
    const openpgp = await import('openpgp');
    const { privateKey } = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: 'Security Test', email: 'officer@example.com' }], format: 'object' });
    const tgz = makeTgz(join(t.path, 'go1.19.8.linux-amd64.tar.gz'), tinyGoEntries('go1.19.8'));
    const out = join(t.path, 'media');
    await exportBundle({ outDir: out, archives: [await describeArchive(tgz.path)], targets: [{ platform: 'linux-amd64', hostname: 'plant-07' }], sign: { key: privateKey }, job: createJob() });
    const fpr = privateKey.getFingerprint().toUpperCase();
    const html = readFileSync(join(out, REPORT_NAME), 'utf8');
    expect(html).toContain(fpr);
    expect(html).toContain('Security Test &lt;officer@example.com&gt;');
    expect(html).not.toContain('not signed');
    expect(html).toContain('plant-07');
    // the officer's check: the signature over manifest.json, which pins the report's SHA-256
    const gnupg = join(t.path, 'gnupg');
    mkdirSync(gnupg, { mode: 0o700 });
    const genv = { ...process.env, GNUPGHOME: gnupg, HOME: t.path };
    expect(spawnSync('gpg', ['--batch', '--import', join(out, 'signer-key.asc')], { env: genv, encoding: 'utf8' }).status).toBe(0);
    const v = spawnSync('gpg', ['--batch', '--status-fd', '1', '--verify', join(out, 'manifest.json.asc'), join(out, MANIFEST_NAME)], { env: genv, encoding: 'utf8' });
    expect(v.status, v.stderr).toBe(0);
    expect(v.stdout).toContain(`VALIDSIG ${fpr}`);
    const manifest = JSON.parse(readFileSync(join(out, MANIFEST_NAME), 'utf8')) as BundleManifest;
    const sha = execFileSync('sha256sum', [REPORT_NAME], { cwd: out, encoding: 'utf8' }).split(' ')[0];
    expect(manifest.files.find((f) => f.path === REPORT_NAME)!.sha256).toBe(sha);
    expect(spawnSync('sha256sum', ['-c', '--strict', SUMS_NAME], { cwd: out, encoding: 'utf8' }).status).toBe(0);
    // and a changed report no longer matches
    writeFileSync(join(out, REPORT_NAME), html.replace(fpr, 'F'.repeat(40)));
    const bad = spawnSync('sha256sum', ['-c', '--strict', SUMS_NAME], { cwd: out, encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toContain(`${REPORT_NAME}: FAILED`);
  }, 60_000);
});
