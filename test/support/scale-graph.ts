/**
 * A module graph at real scale, generated from Go's own source tree: each synthetic module holds
 * a real standard-library package (its files for this platform, copied from GOROOT/src, with no
 * imports of Go's internal packages, no assembly, no cgo, no go:linkname), plus blank imports of
 * the next modules so that the whole graph is one build. Served as a file proxy in the exact
 * `cache/download` layout; go.sum of the sample project is written by Go itself (`go mod tidy`).
 *
 * What a real service's build list has, in small:
 * - pseudo-versions (every 6th module, `v0.0.0-20230102030405-<12 hex>`),
 * - upper-case paths escaped with `!` (every 7th module, `example.com/scale/Big2` → `!big2`),
 * - two versions of a module (every 5th: dependants require v1.0.0, the project v1.1.0, MVS picks
 *   v1.1.0; with go 1.17+ graph pruning the older one is not even read),
 * - modules in the graph that provide no package (`toolN`: required by a go.mod, never imported;
 *   `go mod download all` adds their zip hashes to go.sum, `go mod tidy` removes them again),
 * - a test-only module (`testkit`),
 * - a package needed only by files for another platform (`plat` imports `winonly` from
 *   `plat_windows.go`), which `go mod vendor` needs and a Linux build does not.
 *
 * `ensureScaleGraph(70)` is the bench's graph; the suite uses a small one (`ensureScaleGraph(8)`).
 * Built once into `.cache/scale-graph/<hash>/` and reused while its definition is unchanged.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findDebianGoroot, repoRoot } from './go-fixture';
import { GRAPH_ENV } from './module-graph';

export interface ScaleGraph {
  proxyDir: string;
  goproxy: string;
  goroot: string;
  /** module versions in the proxy */
  moduleVersions: number;
  /** modules in the project's build list (`go list -m all`, the project excluded) */
  buildList: number;
  /** the sample project: file name → text (go.mod and go.sum as `go mod tidy` wrote them) */
  projectFiles: Record<string, string>;
  env: Record<string, string>;
}

interface Mod {
  path: string;
  versions: string[];
  /** the package copied into the module root (std import path) or null for a generated one */
  std: string | null;
  files: Record<string, string>;
  require: Record<string, string>;
}

const ZIPALL = `package main

import (
	"archive/zip"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// usage: zipall JOBS.json   (each job: {"Src": dir, "Prefix": "mod@v", "Out": file.zip})
func main() {
	var jobs []struct{ Src, Prefix, Out string }
	b, err := os.ReadFile(os.Args[1])
	if err != nil {
		panic(err)
	}
	if err := json.Unmarshal(b, &jobs); err != nil {
		panic(err)
	}
	for _, j := range jobs {
		var files []string
		filepath.WalkDir(j.Src, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				panic(err)
			}
			if !d.IsDir() {
				rel, _ := filepath.Rel(j.Src, p)
				files = append(files, filepath.ToSlash(rel))
			}
			return nil
		})
		sort.Strings(files)
		f, err := os.Create(j.Out)
		if err != nil {
			panic(err)
		}
		w := zip.NewWriter(f)
		for _, rel := range files {
			h := &zip.FileHeader{Name: j.Prefix + "/" + rel, Method: zip.Deflate, Modified: time.Date(2023, 1, 2, 3, 4, 5, 0, time.UTC)}
			dst, err := w.CreateHeader(h)
			if err != nil {
				panic(err)
			}
			c, err := os.ReadFile(filepath.Join(j.Src, filepath.FromSlash(rel)))
			if err != nil {
				panic(err)
			}
			dst.Write(c)
		}
		if err := w.Close(); err != nil {
			panic(err)
		}
		if err := f.Close(); err != nil {
			panic(err)
		}
	}
}
`;

const escape = (p: string) => p.replace(/[A-Z]/g, (c) => '!' + c.toLowerCase());

function go(goroot: string, args: string[], cwd: string, env: Record<string, string>): string {
  return execFileSync(join(goroot, 'bin', 'go'), args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GOROOT: '', GOTOOLCHAIN: 'local', LC_ALL: 'C', GOFLAGS: '-modcacherw', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Standard packages that can live outside GOROOT unchanged, in a stable order. */
function portablePackages(goroot: string, env: Record<string, string>): Array<{ path: string; name: string; dir: string; files: string[] }> {
  const fmt = '{{if and (not .SFiles) (not .CgoFiles) (not .EmbedPatterns) (ne .Name "main")}}{{.ImportPath}}|{{.Name}}|{{.Dir}}|{{join .GoFiles ","}}|{{join .Imports ","}}{{end}}';
  const out = go(goroot, ['list', '-f', fmt, 'std'], goroot, env);
  const pkgs = [];
  for (const line of out.split('\n')) {
    const [path, name, dir, files, imports] = line.split('|');
    if (!path || !name || !dir || !files) continue;
    if (/(^|\/)(internal|vendor)(\/|$)/.test(path) || path.startsWith('cmd/')) continue;
    const imps = (imports ?? '').split(',').filter(Boolean);
    if (imps.some((i) => /(^|\/)(internal|vendor)(\/|$)/.test(i) || i === 'C' || i.startsWith('cmd/'))) continue;
    const list = files.split(',');
    // bodyless functions (runtime hooks) do not compile outside the standard library
    if (list.some((f) => /go:linkname|go:noescape|^func [^{]*\)\s*\w*\s*$/m.test(readFileSync(join(dir, f), 'utf8')))) continue;
    pkgs.push({ path, name, dir, files: list });
  }
  return pkgs.sort((a, b) => (a.path < b.path ? -1 : 1));
}

function gomod(path: string, require: Record<string, string>): string {
  const req = Object.entries(require);
  return `module ${path}\n\ngo 1.19\n` + (req.length ? `\nrequire (\n${req.map(([m, v]) => `\t${m} ${v}\n`).join('')})\n` : '');
}

/** Build (or reuse) a graph of about `n` modules (at least 6) and its sample project. */
export function ensureScaleGraph(n: number): ScaleGraph {
  const goroot = findDebianGoroot();
  const key = createHash('sha256').update(JSON.stringify({ n, ZIPALL, goroot, v: 2, src: portableSig(goroot) })).digest('hex').slice(0, 16);
  const base = join(repoRoot, '.cache', 'scale-graph', key);
  const done = join(base, 'graph.json');
  // the folders are where this cache is now (a checkout can be moved or its cache shared), not
  // where graph.json was first written
  const here = (g: ScaleGraph): ScaleGraph => ({ ...g, proxyDir: join(base, 'proxy'), goproxy: `file://${join(base, 'proxy')},off` });
  if (existsSync(done)) return here(JSON.parse(readFileSync(done, 'utf8')) as ScaleGraph);

  const tmp = `${base}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const home = join(tmp, 'home');
  mkdirSync(home);
  const env = { HOME: home, GOPATH: join(home, 'go'), GOCACHE: join(repoRoot, '.cache', 'scale-graph', 'gocache'), GOMODCACHE: join(home, 'modcache'), ...GRAPH_ENV };
  try {
    const std = portablePackages(goroot, env);
    const count = Math.max(6, n);
    const libs = count - 4; // plus plat, winonly, testkit, and tool modules below
    const tools = Math.max(1, Math.round(count / 17));
    const mods: Mod[] = [];
    const pathOf = (i: number) => (i % 7 === 2 ? `example.com/scale/Big${i}` : `example.com/scale/m${i}`);
    const versionsOf = (i: number) => (i % 6 === 1 ? ['v0.0.0-20230102030405-' + createHash('sha1').update(String(i)).digest('hex').slice(0, 12)] : i % 5 === 2 ? ['v1.0.0', 'v1.1.0'] : ['v1.0.0']);
    const oldest = (i: number) => versionsOf(i)[0]!;
    for (let i = 0; i < libs - tools; i++) {
      const pkg = std[i % std.length]!;
      const deps = [i + 1, i + 2].filter((j) => j < libs - tools);
      const files: Record<string, string> = {};
      for (const f of pkg.files) files[f] = readFileSync(join(pkg.dir, f), 'utf8');
      const imports = deps.map((j) => `\t_ "${pathOf(j)}"\n`);
      const require: Record<string, string> = {};
      for (const j of deps) require[pathOf(j)] = oldest(j);
      if (i === 0) {
        imports.push('\t_ "example.com/scale/plat"\n');
        require['example.com/scale/plat'] = 'v1.0.0';
      }
      // a module of the graph that provides no package: required, never imported
      if (i < tools) require[`example.com/scale/tool${i}`] = 'v1.0.0';
      files['zz_graph.go'] = `package ${pkg.name}\n\nimport (\n${imports.join('')})\n`;
      if (!imports.length) delete files['zz_graph.go'];
      mods.push({ path: pathOf(i), versions: versionsOf(i), std: pkg.path, files, require });
    }
    for (let k = 0; k < tools; k++) mods.push({ path: `example.com/scale/tool${k}`, versions: ['v1.0.0'], std: null, files: { 'tool.go': `package tool${k}\n\n// Version names the tool.\nfunc Version() string { return "tool${k}" }\n` }, require: {} });
    mods.push({
      path: 'example.com/scale/plat',
      versions: ['v1.0.0'],
      std: null,
      files: {
        'plat.go': 'package plat\n\n// Name is the platform family.\nfunc Name() string { return name }\n',
        'plat_other.go': '//go:build !windows\n\npackage plat\n\nconst name = "unix"\n',
        'plat_windows.go': '//go:build windows\n\npackage plat\n\nimport "example.com/scale/winonly"\n\nvar name = winonly.Name\n',
      },
      require: { 'example.com/scale/winonly': 'v1.0.0' },
    });
    mods.push({ path: 'example.com/scale/winonly', versions: ['v1.0.0'], std: null, files: { 'winonly.go': 'package winonly\n\n// Name is what Windows is called.\nconst Name = "windows"\n' }, require: {} });
    mods.push({ path: 'example.com/scale/testkit', versions: ['v1.0.0'], std: null, files: { 'testkit.go': 'package testkit\n\n// OK is true.\nfunc OK() bool { return true }\n' }, require: {} });

    // the proxy
    const proxy = join(tmp, 'proxy');
    const jobs: Array<{ Src: string; Prefix: string; Out: string }> = [];
    for (const m of mods) {
      const vdir = join(proxy, escape(m.path), '@v');
      mkdirSync(vdir, { recursive: true });
      for (const v of m.versions) {
        const src = join(tmp, 'src', `${escape(m.path)}@${v}`);
        const files = { ...m.files, 'go.mod': gomod(m.path, m.require) };
        for (const [f, text] of Object.entries(files)) {
          mkdirSync(dirname(join(src, f)), { recursive: true });
          writeFileSync(join(src, f), text);
        }
        writeFileSync(join(vdir, `${v}.mod`), files['go.mod']);
        writeFileSync(join(vdir, `${v}.info`), JSON.stringify({ Version: v, Time: '2023-01-02T03:04:05Z' }) + '\n');
        jobs.push({ Src: src, Prefix: `${m.path}@${v}`, Out: join(vdir, `${v}.zip`) });
      }
      writeFileSync(join(vdir, 'list'), m.versions.filter((v) => !v.startsWith('v0.0.0-')).join('\n') + (m.versions.some((v) => !v.startsWith('v0.0.0-')) ? '\n' : ''));
    }
    const zipDir = join(tmp, 'zipall');
    mkdirSync(zipDir);
    writeFileSync(join(zipDir, 'main.go'), ZIPALL);
    writeFileSync(join(zipDir, 'go.mod'), 'module zipall\n\ngo 1.19\n');
    go(goroot, ['build', '-o', join(tmp, 'zipall-bin'), '.'], zipDir, env);
    writeFileSync(join(tmp, 'jobs.json'), JSON.stringify(jobs));
    execFileSync(join(tmp, 'zipall-bin'), [join(tmp, 'jobs.json')]);

    // the sample project: imports the first library, the newest of every two-version module
    const projectRequire: Record<string, string> = { [pathOf(0)]: oldest(0), 'example.com/scale/testkit': 'v1.0.0' };
    for (let i = 0; i < libs - tools; i++) if (versionsOf(i).length > 1) projectRequire[pathOf(i)] = versionsOf(i).at(-1)!;
    const first = mods[0]!;
    const projectFiles: Record<string, string> = {
      'go.mod': gomod('example.com/scale/app', projectRequire),
      'main.go': `package main\n\nimport (\n\t"fmt"\n\n\t_ "${first.path}"\n\t"example.com/scale/plat"\n)\n\nfunc main() { fmt.Println("scale app on", plat.Name()) }\n`,
      'main_test.go': 'package main\n\nimport (\n\t"testing"\n\n\t"example.com/scale/testkit"\n)\n\nfunc TestOK(t *testing.T) {\n\tif !testkit.OK() {\n\t\tt.Fatal("not ok")\n\t}\n}\n',
    };
    const proj = join(tmp, 'project');
    mkdirSync(proj);
    for (const [f, text] of Object.entries(projectFiles)) writeFileSync(join(proj, f), text);
    go(goroot, ['mod', 'tidy'], proj, { ...env, GOPROXY: `file://${proxy},off` });
    projectFiles['go.mod'] = readFileSync(join(proj, 'go.mod'), 'utf8');
    projectFiles['go.sum'] = readFileSync(join(proj, 'go.sum'), 'utf8');
    const buildList = go(goroot, ['list', '-m', 'all'], proj, { ...env, GOPROXY: `file://${proxy},off` }).trim().split('\n').length - 1;
    // sanity: the whole graph builds (real code) and the project says what it is
    go(goroot, ['build', '-o', join(tmp, 'app'), '.'], proj, { ...env, GOPROXY: `file://${proxy},off` });
    const said = execFileSync(join(tmp, 'app'), { encoding: 'utf8' }).trim();
    if (said !== 'scale app on unix') throw new Error(`scale graph sample project printed ${JSON.stringify(said)}`);

    mkdirSync(base, { recursive: true });
    const proxyDir = join(base, 'proxy');
    rmSync(proxyDir, { recursive: true, force: true });
    renameSync(proxy, proxyDir);
    const graph: ScaleGraph = {
      proxyDir,
      goproxy: `file://${proxyDir},off`,
      goroot,
      moduleVersions: jobs.length,
      buildList,
      projectFiles,
      env: { ...GRAPH_ENV },
    };
    writeFileSync(`${done}.tmp`, JSON.stringify(graph, null, 2));
    renameSync(`${done}.tmp`, done);
    return graph;
  } finally {
    try {
      execFileSync('chmod', ['-R', 'u+w', tmp]);
    } catch {
      /* ignore */
    }
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Part of the cache key: which Go source tree the packages come from. */
function portableSig(goroot: string): string {
  const v = existsSync(join(goroot, 'VERSION')) ? readFileSync(join(goroot, 'VERSION'), 'utf8') : '';
  return v + readdirSync(join(goroot, 'src')).join(',');
}

export type ScaleVariant = 'complete' | 'host-only-sum';

/**
 * Write the sample project into `dir`. `host-only-sum`: go.sum without the zip hash of
 * `winonly`, the module only Windows files need (what a go.sum made on one platform can lack):
 * Linux builds, `go mod vendor` cannot.
 */
export function writeScaleProject(graph: ScaleGraph, dir: string, variant: ScaleVariant = 'complete'): string {
  mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(graph.projectFiles)) {
    const body = f === 'go.sum' && variant === 'host-only-sum' ? text.split('\n').filter((l) => !/^example\.com\/scale\/winonly v1\.0\.0 h1:/.test(l)).join('\n') : text;
    writeFileSync(join(dir, f), body);
  }
  return dir;
}
