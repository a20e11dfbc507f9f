/**
 * The bundle manifest (`manifest.json` at the root of a bundle): a public format, documented in
 * docs/BUNDLE.md. Written by step 4 (export), read by verification, install, the relay and diagnose.
 */
import { z } from 'zod';
import { signerInfo, type BundleSignatureCheck } from './signing';

export const BUNDLE_SCHEMA = 'go-offline/bundle';
export const BUNDLE_SCHEMA_VERSION = 1;

export const signatureStatus = z.enum(['verified', 'not-published', 'bad', 'not-checked']);

export const bundleFile = z.object({
  /** relative path inside the bundle, forward slashes, no `..` */
  path: z.string().min(1).refine((p) => !p.startsWith('/') && !p.split('/').includes('..') && !p.includes('\\'), 'must be a relative forward-slash path inside the bundle'),
  kind: z.enum(['archive', 'signature', 'module-proxy', 'vendor', 'script', 'doc', 'playbook', 'app', 'profile', 'other']),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** for archives: Go's os/arch names and the release version */
  os: z.string().optional(),
  arch: z.string().optional(),
  version: z.string().optional(),
  /** for archives: OpenPGP signature status as checked when downloaded */
  signature: z
    .object({ status: signatureStatus, file: z.string().optional(), keyFingerprint: z.string().optional() })
    .optional(),
  /** when a file was split (FAT32 4 GiB limit): its parts in order; `path` is the joined name */
  parts: z.array(z.object({ path: z.string(), size: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })).optional(),
});

export const bundleManifest = z.object({
  schema: z.literal(BUNDLE_SCHEMA),
  schemaVersion: z.literal(BUNDLE_SCHEMA_VERSION),
  createdAt: z.string(),
  creator: z.object({ tool: z.string(), version: z.string() }),
  go: z.object({ versions: z.array(z.string()).min(1) }),
  files: z.array(bundleFile),
  modules: z
    .object({
      /** folder (relative) holding the file-based module proxy (GOPROXY layout) */
      proxyPath: z.string(),
      moduleCount: z.number().int().nonnegative(),
      size: z.number().int().nonnegative(),
      projects: z.array(
        z.object({
          name: z.string(),
          module: z.string(),
          goVersion: z.string().optional(),
          toolchain: z.string().optional(),
          /** relative path of the project's copy in the bundle, if the source is carried too */
          sourcePath: z.string().optional(),
          vendorArchive: z.string().optional(),
        }),
      ),
    })
    .optional(),
  /** recommended environment on the offline machine */
  environment: z.record(z.string(), z.string()),
  /** target profiles this bundle was made for (platform ids like linux-amd64) */
  targets: z.array(z.object({ platform: z.string(), hostname: z.string().optional() })).default([]),
  /** who signed manifest.json (its signature is manifest.json.asc beside it); absent when unsigned */
  signer: signerInfo.optional(),
});

export type BundleFile = z.infer<typeof bundleFile>;
export type BundleManifest = z.infer<typeof bundleManifest>;

/** File names at the root of every bundle. */
export const MANIFEST_NAME = 'manifest.json';
export const SUMS_NAME = 'SHA256SUMS';

/** The files a manifest entry occupies on disk: its parts when split, else the file itself. */
export function diskEntries(file: BundleFile): Array<{ path: string; size: number; sha256: string }> {
  if (file.parts && file.parts.length > 0) return file.parts.map((p) => ({ path: p.path, size: p.size, sha256: p.sha256 }));
  return [{ path: file.path, size: file.size, sha256: file.sha256 }];
}

/** One thing wrong with a bundle, naming the file. */
export interface BundleProblem {
  path: string;
  problem: 'missing' | 'extra' | 'size' | 'hash' | 'not-a-file' | 'unlisted-in-sums' | 'unlisted-in-manifest' | 'sums-differ';
  expected?: string;
  actual?: string;
}

/** Result of verifying a bundle folder or relay URL (`verifyBundle`, `go-offline bundle verify`). */
export interface BundleVerifyReport {
  ok: boolean;
  source: string;
  sourceKind: 'dir' | 'url';
  manifest: BundleManifest;
  /** files (parts counted separately) whose bytes were checked */
  checkedFiles: number;
  checkedBytes: number;
  /** false for a relay URL: HTTP cannot list a folder, so extra files cannot be seen there */
  extraFilesChecked: boolean;
  /** operating-system litter that is tolerated (System Volume Information, .DS_Store...) */
  ignored: string[];
  /**
   * files an interrupted `bundle update` left (its .go-offline-update/ folder, and new files it had
   * moved into place before writing the new manifest): not part of the bundle, not counted; the
   * next `bundle update` removes them
   */
  leftovers: string[];
  problems: BundleProblem[];
  /** the preparer's signature over manifest.json, checked against this machine's trusted keys and policy */
  signature: BundleSignatureCheck;
  seconds: number;
}

/** Result of `exportBundle`. */
export interface BundleExportResult {
  outDir: string;
  manifest: BundleManifest;
  /** the files listed in SHA256SUMS (manifest.json among them) and their bytes: what `bundle verify` counts */
  files: number;
  bytes: number;
  /** every byte was read back from the destination and matched */
  readBack: true;
  split: string[];
  filesystem: string | null;
  seconds: number;
}

/** Result of `updateBundle` (`go-offline bundle update`): what changed on the media, in files and bytes. */
export interface BundleUpdateResult {
  dir: string;
  /** the bundle's manifest now (the old one when nothing was to do) */
  manifest: BundleManifest;
  /** an earlier update that was cut: finished (its new manifest was in place), undone, or its leftovers cleaned */
  recovered: 'finished' | 'undone' | 'cleaned' | null;
  /** nothing was asked that the bundle does not already have: nothing was written */
  nothingToDo: boolean;
  added: { files: number; bytes: number; paths: string[] };
  changed: { files: number; bytes: number; paths: string[] };
  removed: { files: number; bytes: number; paths: string[] };
  kept: { files: number; bytes: number };
  /** bytes written to the media (new and changed files, manifest.json, SHA256SUMS, signature) */
  bytesWritten: number;
  /** of those, read back from the media and matched */
  bytesReadBack: number;
  /** bytes of the old bundle read and checked before anything changed */
  verifiedBytes: number;
  /** signing now: re-signed with the old signer's key, signed, left unsigned, or now unsigned (the old signature no longer matches and no key was available) */
  signing: 're-signed' | 'signed' | 'kept' | 'unsigned' | 'now-unsigned';
  /** why the new bundle is not signed, when it could have been: asked not to, or the old signer's key is not on this computer */
  unsignedReason: { reason: 'no-sign' } | { reason: 'key-missing'; fingerprint: string } | null;
  warnings: import('./platform').Finding[];
  /** module versions (path@version) taken off the module proxy: no project left on the media needs them */
  modulesRemoved: string[];
  seconds: number;
}

/** A removable drive found on this machine (system disks are never listed). */
export interface RemovableDrive {
  device: string;
  label: string | null;
  model: string | null;
  size: number;
  filesystem: string | null;
  mountpoint: string | null;
  free: number | null;
  readOnly: boolean;
  /** FAT32 cannot hold files of 4 GiB or more */
  fat32: boolean;
  /** bundles found at the top of the drive or one folder down (only for mounted drives) */
  bundles?: FoundBundle[];
}

/** A bundle spotted on a drive by its manifest (not yet verified: verification reads every byte). */
export interface FoundBundle {
  path: string;
  goVersions: string[];
  platforms: string[];
  createdAt: string;
}
