/**
 * A small but real Go module graph for the modules and verify tests, served as a file-based
 * GOPROXY in the exact `cache/download` layout (`<escaped module>/@v/list`, `<v>.info`, `<v>.mod`,
 * `<v>.zip`). The zips are written in Go's module zip format by a tiny Go program run by the
 * fixture toolchain (archive/zip, every file under `<module>@<version>/`); go.sum files of the
 * sample projects are produced by Go itself (`go mod tidy` against the file proxy).
 *
 * The graph:
 *   example.com/util         v0.1.0, v0.2.0   (v0.1.0 is needed only for its .mod: MVS picks v0.2.0)
 *   example.com/greet        v1.0.0, v1.1.0   (v1.1.0 requires util v0.2.0)
 *   example.com/Upper/Case   v1.0.0           (upper case: escaped as example.com/!upper/!case)
 *   example.com/fork         v1.0.0           (replaces example.com/original in the sample project)
 *   example.com/testonly     v1.0.0           (imported only by the project's tests)
 *
 * Built once into `.cache/module-graph/<hash>/` and reused while its definition is unchanged.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findDebianGoroot, repoRoot } from './go-fixture';

export interface ModuleVersionDef {
  path: string;
  version: string;
  /** files of the module root; go.mod is derived from `path` and `require` when missing */
  files: Record<string, string>;
  require?: Record<string, string>;
}

export const MODULE_PREFIX = 'example.com';

const gomod = (path: string, require: Record<string, string> = {}) =>
  `module ${path}\n\ngo 1.19\n` +
  (Object.keys(require).length ? `\nrequire (\n${Object.entries(require).map(([m, v]) => `\t${m} ${v}\n`).join('')})\n` : '');

export const GRAPH: ModuleVersionDef[] = [
  {
    path: 'example.com/util',
    version: 'v0.1.0',
    files: { 'util.go': 'package util\n\n// Twice repeats s.\nfunc Twice(s string) string { return s + s }\n' },
  },
  {
    path: 'example.com/util',
    version: 'v0.2.0',
    files: { 'util.go': 'package util\n\n// Twice repeats s with a dash.\nfunc Twice(s string) string { return s + "-" + s }\n' },
  },
  {
    path: 'example.com/greet',
    version: 'v1.0.0',
    files: { 'greet.go': 'package greet\n\n// Hello greets.\nfunc Hello(name string) string { return "hello " + name }\n' },
  },
  {
    path: 'example.com/greet',
    version: 'v1.1.0',
    require: { 'example.com/util': 'v0.2.0' },
    files: {
      'greet.go': 'package greet\n\nimport "example.com/util"\n\n// Hello greets twice.\nfunc Hello(name string) string { return "hello " + util.Twice(name) }\n',
    },
  },
  {
    path: 'example.com/Upper/Case',
    version: 'v1.0.0',
    require: { 'example.com/util': 'v0.1.0' },
    files: { 'upper.go': 'package upper\n\nimport "example.com/util"\n\n// Shout is loud.\nfunc Shout() string { return util.Twice("UP") }\n' },
  },
  {
    path: 'example.com/fork',
    version: 'v1.0.0',
    files: { 'fork.go': 'package original\n\n// Name says who answers.\nfunc Name() string { return "fork" }\n' },
  },
  {
    path: 'example.com/testonly',
    version: 'v1.0.0',
    files: { 'check.go': 'package testonly\n\n// OK is true.\nfunc OK() bool { return true }\n' },
  },
];

/** The sample project that uses every part of the graph. */
export const PROJECT_MODULE = 'example.com/app';
export const PROJECT_OUTPUT = 'hello hi-hi UP-UP fork';

function projectFiles(goLine = '1.19'): Record<string, string> {
  return {
    'go.mod':
      `module ${PROJECT_MODULE}\n\ngo ${goLine}\n\nrequire (\n` +
      '\texample.com/Upper/Case v1.0.0\n\texample.com/greet v1.1.0\n\texample.com/original v1.0.0\n\texample.com/testonly v1.0.0\n)\n\n' +
      'replace example.com/original => example.com/fork v1.0.0\n',
    'main.go':
      'package main\n\nimport (\n\t"fmt"\n\n\tupper "example.com/Upper/Case"\n\t"example.com/greet"\n\t"example.com/original"\n)\n\n' +
      'func main() { fmt.Println(greet.Hello("hi"), upper.Shout(), original.Name()) }\n',
    'main_test.go': 'package main\n\nimport (\n\t"testing"\n\n\t"example.com/testonly"\n)\n\nfunc TestOK(t *testing.T) {\n\tif !testonly.OK() {\n\t\tt.Fatal("not ok")\n\t}\n}\n',
  };
}

/** Go's case-encoding of module paths and versions: upper-case letters become `!` + lower case. */
export function escapeModulePath(p: string): string {
  return p.replace(/[A-Z]/g, (c) => '!' + c.toLowerCase());
}

const ZIPPER = `package main

import (
	"archive/zip"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// usage: zipper SRC PREFIX OUT   (writes every file of SRC as PREFIX/<rel> in Go's module zip layout)
func main() {
	src, prefix, out := os.Args[1], os.Args[2], os.Args[3]
	var files []string
	filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			panic(err)
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(src, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(files)
	f, err := os.Create(out)
	if err != nil {
		panic(err)
	}
	w := zip.NewWriter(f)
	for _, rel := range files {
		h := &zip.FileHeader{Name: prefix + "/" + rel, Method: zip.Deflate, Modified: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)}
		dst, err := w.CreateHeader(h)
		if err != nil {
			panic(err)
		}
		b, err := os.ReadFile(filepath.Join(src, filepath.FromSlash(rel)))
		if err != nil {
			panic(err)
		}
		dst.Write(b)
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	if err := f.Close(); err != nil {
		panic(err)
	}
}
`;

export interface ModuleGraph {
  /** the file proxy (GOPROXY layout) */
  proxyDir: string;
  /** `file:///...,off` for GOPROXY */
  goproxy: string;
  goroot: string;
  /** the sample project's go.mod and a complete go.sum, both as `go mod tidy` wrote them */
  goMod: string;
  goSum: string;
  /** environment for Go runs against the graph: example.com never asks sum.golang.org */
  env: Record<string, string>;
}

function goRun(goroot: string, args: string[], cwd: string, extra: Record<string, string>): string {
  return execFileSync(join(goroot, 'bin', 'go'), args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GOROOT: '', GOTOOLCHAIN: 'local', LC_ALL: 'C', GOFLAGS: '-modcacherw', ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * Environment for Go runs against the test graph (merge into a temp HOME's env): example.com is
 * never looked up in sum.golang.org (GONOSUMDB), but still comes from the proxy (no GOPRIVATE,
 * which would imply GONOPROXY and send Go to the network directly).
 */
export const GRAPH_ENV = { GONOSUMDB: 'example.com', GOPRIVATE: '', GONOPROXY: '', GOSUMDB: 'sum.golang.org' };

/** Build (or reuse) the module graph's file proxy and the sample project's go.sum. */
export function ensureModuleGraph(): ModuleGraph {
  const goroot = findDebianGoroot();
  const key = createHash('sha256').update(JSON.stringify({ GRAPH, p: projectFiles(), ZIPPER, goroot, v: 3 })).digest('hex').slice(0, 16);
  const base = join(repoRoot, '.cache', 'module-graph', key);
  const proxyDir = join(base, 'proxy');
  const sumPath = join(base, 'project.go.sum');
  const modPath = join(base, 'project.go.mod');
  const result = (): ModuleGraph => ({
    proxyDir,
    goproxy: `file://${proxyDir},off`,
    goroot,
    goMod: readFileSync(modPath, 'utf8'),
    goSum: readFileSync(sumPath, 'utf8'),
    env: { ...GRAPH_ENV },
  });
  if (existsSync(join(base, 'done'))) return result();

  const tmp = `${base}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const home = join(tmp, 'home');
  mkdirSync(home);
  const goEnvExtra = { HOME: home, GOPATH: join(home, 'go'), GOCACHE: join(home, 'gocache'), GOMODCACHE: join(home, 'modcache'), ...GRAPH_ENV };
  // the zip writer
  const zipperDir = join(tmp, 'zipper');
  mkdirSync(zipperDir);
  writeFileSync(join(zipperDir, 'main.go'), ZIPPER);
  writeFileSync(join(zipperDir, 'go.mod'), 'module zipper\n\ngo 1.19\n');
  const zipper = join(tmp, 'zipper-bin');
  goRun(goroot, ['build', '-o', zipper, '.'], zipperDir, goEnvExtra);

  const tmpProxy = join(tmp, 'proxy');
  const versions = new Map<string, string[]>();
  for (const m of GRAPH) {
    const src = join(tmp, 'src', `${escapeModulePath(m.path)}@${m.version}`);
    mkdirSync(src, { recursive: true });
    const files = { 'go.mod': gomod(m.path, m.require), ...m.files };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(src, name)), { recursive: true });
      writeFileSync(join(src, name), text);
    }
    const vdir = join(tmpProxy, escapeModulePath(m.path), '@v');
    mkdirSync(vdir, { recursive: true });
    writeFileSync(join(vdir, `${m.version}.mod`), files['go.mod']);
    writeFileSync(join(vdir, `${m.version}.info`), JSON.stringify({ Version: m.version, Time: '2023-01-01T00:00:00Z' }) + '\n');
    execFileSync(zipper, [src, `${m.path}@${m.version}`, join(vdir, `${m.version}.zip`)]);
    versions.set(m.path, [...(versions.get(m.path) ?? []), m.version]);
  }
  for (const [path, vs] of versions) writeFileSync(join(tmpProxy, escapeModulePath(path), '@v', 'list'), vs.join('\n') + '\n');

  // go.sum of the sample project, made by Go from the file proxy
  const proj = join(tmp, 'project');
  writeProjectFiles(proj, projectFiles());
  goRun(goroot, ['mod', 'tidy'], proj, { ...goEnvExtra, GOPROXY: `file://${tmpProxy},off` });
  // sanity: the project builds and prints what the tests expect
  goRun(goroot, ['build', '-o', join(tmp, 'app'), '.'], proj, { ...goEnvExtra, GOPROXY: 'off' });
  const out = execFileSync(join(tmp, 'app'), { encoding: 'utf8' }).trim();
  if (out !== PROJECT_OUTPUT) throw new Error(`module graph sample project printed ${JSON.stringify(out)}`);

  mkdirSync(base, { recursive: true });
  rmSync(proxyDir, { recursive: true, force: true });
  renameSync(tmpProxy, proxyDir);
  writeFileSync(sumPath, readFileSync(join(proj, 'go.sum'), 'utf8'));
  writeFileSync(modPath, readFileSync(join(proj, 'go.mod'), 'utf8'));
  writeFileSync(join(base, 'done'), new Date().toISOString());
  try {
    execFileSync('chmod', ['-R', 'u+w', tmp]);
  } catch {
    /* ignore */
  }
  rmSync(tmp, { recursive: true, force: true });
  return result();
}

function writeProjectFiles(dir: string, files: Record<string, string>): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
}

export type ProjectVariant = 'complete' | 'incomplete-sum' | 'newer-go';

/**
 * Write the sample project into `dir`:
 * - complete: go.mod + the go.sum made by Go;
 * - incomplete-sum: the go.sum without the zip hash (`h1:` line) of example.com/greet v1.1.0;
 * - newer-go: go.mod says `go 1.22.0` (newer than the bundled go1.19.8).
 */
export function writeSampleProject(graph: ModuleGraph, dir: string, variant: ProjectVariant = 'complete'): string {
  const files = { ...projectFiles(), 'go.mod': graph.goMod };
  if (variant === 'newer-go') files['go.mod'] = graph.goMod.replace(/^go 1\.19$/m, 'go 1.22.0');
  let sum = graph.goSum;
  if (variant === 'incomplete-sum') sum = sum.split('\n').filter((l) => !l.startsWith('example.com/greet v1.1.0 h1:')).join('\n');
  writeProjectFiles(dir, { ...files, 'go.sum': sum });
  return dir;
}

/** Copy the graph's proxy somewhere a test may modify. */
export function copyProxy(graph: ModuleGraph, to: string): string {
  cpSync(graph.proxyDir, to, { recursive: true });
  return to;
}
