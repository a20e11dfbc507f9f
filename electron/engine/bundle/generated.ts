/**
 * The files a bundle's tool writes itself from its content (scripts, README, playbook, SBOM,
 * transfer report, the signer's public key), shared by `exportBundle` (create) and `updateBundle`
 * (update in place), so both describe the media the same way.
 */
import { hostname, userInfo } from 'node:os';
import type { BundleFile } from '../../../shared/bundle';
import { SIGNER_KEY_NAME } from '../../../shared/signing';
import { REPORT_NAME, renderTransferReport, type ReportInput } from './report';
import { SBOM_NAME } from './sbom';
import { renderInstallPs1, renderInstallSh, renderInventory, renderPlaybook, renderReadme, type ScriptContext } from './scripts';

export interface GeneratedFile {
  path: string;
  kind: BundleFile['kind'];
  text: string;
  mode?: number;
}

/** Paths of every generated file (a bundle update renders them again for the new content). */
export const GENERATED_PATHS: readonly string[] = [SBOM_NAME, 'README.txt', 'install.sh', 'install.ps1', 'ansible/install-go.yml', 'ansible/inventory.example.ini', SIGNER_KEY_NAME, REPORT_NAME];

/** What the scripts and README need to know, from the bundle's files. */
export function scriptContext(opts: {
  files: BundleFile[];
  environment: Record<string, string>;
  modulesProxyPath?: string;
  createdAt: string;
  installers?: ScriptContext['installers'];
}): ScriptContext {
  const versions = goVersions(opts.files);
  const newest = versions[versions.length - 1]!;
  // the scripts install one version: the newest (several for one platform would be ambiguous);
  // README names every version on the media and how to install another one
  const archives = opts.files.filter((f) => f.kind === 'archive' && f.version === newest);
  const all = opts.files.filter((f) => f.kind === 'archive');
  return {
    goVersion: newest,
    versions: versions.map((v) => ({ version: v, platforms: [...new Set(all.filter((f) => f.version === v).map((f) => `${f.os}-${f.arch}`))] })),
    archives: archives.map((f) => ({ platform: `${f.os}-${f.arch}`, os: f.os!, arch: f.arch!, path: f.path, sha256: f.sha256, size: f.size, parts: f.parts })),
    // GOTOOLCHAIN=local is always set by the scripts; GOPROXY is the bundled proxy when there is one
    environment: Object.fromEntries(Object.entries(opts.environment).filter(([k]) => k !== 'GOTOOLCHAIN' && !(k === 'GOPROXY' && opts.modulesProxyPath))),
    modulesProxyPath: opts.modulesProxyPath,
    createdAt: opts.createdAt,
    installers: opts.installers,
  };
}

/** The Go versions a bundle's archives carry, oldest first. */
export function goVersions(files: BundleFile[]): string[] {
  return [...new Set(files.filter((f) => f.kind === 'archive').map((f) => f.version!))].sort(compareGoVersions);
}

/** Order go1.9 < go1.19.2 < go1.22.0 (numeric parts; a pre-release like rc1 before its release). */
export function compareGoVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^go(\d+)(?:\.(\d+))?(?:\.(\d+))?(.*)$/.exec(v);
    return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0), m[4] ? 0 : 1, m[4] ?? ''] as const : null;
  };
  const pa = parse(a);
  const pb = parse(b);
  if (!pa || !pb) return a < b ? -1 : a > b ? 1 : 0;
  for (let i = 0; i < 4; i++) if (pa[i] !== pb[i]) return (pa[i] as number) - (pb[i] as number);
  return pa[4] < pb[4] ? -1 : pa[4] > pb[4] ? 1 : 0;
}

/** The generated files but the transfer report (which lists them all, so it comes last). */
export function generatedFiles(ctx: ScriptContext, sbom: string, signerPublicKey?: string): GeneratedFile[] {
  return [
    { path: SBOM_NAME, kind: 'doc', text: sbom },
    { path: 'README.txt', kind: 'doc', text: renderReadme(ctx) },
    { path: 'install.sh', kind: 'script', text: renderInstallSh(ctx), mode: 0o755 },
    { path: 'install.ps1', kind: 'script', text: renderInstallPs1(ctx).replace(/\n/g, '\r\n') },
    { path: 'ansible/install-go.yml', kind: 'playbook', text: renderPlaybook(ctx) },
    { path: 'ansible/inventory.example.ini', kind: 'playbook', text: renderInventory() },
    // the signer's public key, covered by the signature: what `keys trust --fingerprint` reads
    ...(signerPublicKey ? [{ path: SIGNER_KEY_NAME, kind: 'other' as const, text: signerPublicKey }] : []),
  ];
}

/** The transfer report for these files, prepared on this computer by this user. */
export function transferReport(input: Omit<ReportInput, 'host' | 'user'>): string {
  return renderTransferReport({
    ...input,
    host: hostname(),
    user: (() => {
      try {
        return userInfo().username;
      } catch {
        return process.env.USER ?? process.env.USERNAME ?? '?';
      }
    })(),
  });
}
