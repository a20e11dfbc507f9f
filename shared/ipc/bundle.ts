import { z } from 'zod';
import { channel } from './define';
import type { BundleExportResult, BundleManifest, BundleUpdateResult, BundleVerifyReport, RemovableDrive } from '../bundle';
import type { Finding } from '../platform';

export interface BundleCreateResult extends BundleExportResult {
  warnings: Finding[];
}

export interface RelayStatus {
  url: string;
  urls: string[];
  goproxy: string | null;
  host: string;
  port: number;
  dir: string;
  /** the relay's status page (`/_status`; `/_status.json` beside it), for this computer */
  statusUrl: string;
  /** the counts `/_status.json` answers now */
  live: RelayLive;
}

/** What a relay is doing, from the same numbers as its `/_status.json`. */
export interface RelayLive {
  /** Go archives being sent now, and the most that are sent at once (more are told to wait) */
  sendingArchives: number;
  maxTransfers: number;
  /** every transfer running now (archives and small files) */
  activeTransfers: number;
  /** requests answered "busy, try again shortly" (503) so far */
  toldToWait: number;
  /** requests so far, files sent whole, bytes sent */
  requests: number;
  complete: number;
  bytes: number;
  /** machines that asked for something */
  clients: number;
}

const path = z.string().min(1).max(4096);
const source = z.string().min(1).max(4096);

/** IPC channels of the bundle area (step 4: create media, verify, relay). */
export const bundleChannels = {
  /**
   * Make a bundle (catalog → download → modules → export with read-back). A job: phases
   * "download", "modules-*", "copy", "readback"; cancel with jobs.cancel.
   */
  'bundle.create': channel<BundleCreateResult>()(
    z
      .object({
        jobId: z.string().uuid(),
        version: z.string().min(1).max(40).optional(),
        /** several Go versions, each for every platform (with or instead of `version`) */
        versions: z.array(z.string().min(1).max(40)).max(10).optional(),
        platforms: z.array(z.string().regex(/^[a-z0-9]+-[a-z0-9]+$/).max(40)).max(40).default([]),
        mirrors: z.array(z.string().url().max(2048)).max(20).optional(),
        archiveFiles: z.array(path).max(40).optional(),
        projects: z.array(path).max(100).optional(),
        vendor: z.boolean().default(false),
        profile: path.optional(),
        outDir: path,
        split: z.enum(['auto', 'never', 'always']).default('auto'),
        /** folder with builds of this app; the packaged app also finds its own next to itself */
        installersDir: path.optional(),
        /** sign manifest.json with this own key (default: the bundleSigningKey setting; null: do not sign) */
        sign: z.object({ fingerprint: z.string().min(16).max(80), passphrase: z.string().max(1024).optional() }).nullable().optional(),
      })
      .strict(),
    { job: true },
  ),
  /**
   * Update a bundle in place (see docs/BUNDLE.md, "Updating in place"): verify it, write and read
   * back only what is new or changed, commit with manifest.json. A job: phases "verify",
   * "download", "modules-*", "copy", "readback".
   */
  'bundle.update': channel<BundleUpdateResult>()(
    z
      .object({
        jobId: z.string().uuid(),
        dir: path,
        addVersions: z.array(z.string().min(1).max(40)).max(10).default([]),
        addPlatforms: z.array(z.string().regex(/^[a-z0-9]+-[a-z0-9]+$/).max(40)).max(40).default([]),
        removeVersions: z.array(z.string().min(1).max(40)).max(10).default([]),
        removePlatforms: z.array(z.string().regex(/^[a-z0-9]+-[a-z0-9]+$/).max(40)).max(40).default([]),
        /** already-downloaded official archives to add (the Download step's files) */
        archiveFiles: z.array(path).max(40).default([]),
        projects: z.array(path).max(100).default([]),
        removeProjects: z.array(z.string().min(1).max(200)).max(100).default([]),
        mirrors: z.array(z.string().url().max(2048)).max(20).optional(),
        /** null: the updated bundle is unsigned; else the key (default: the old signer's, if it is here) */
        sign: z.object({ fingerprint: z.string().min(16).max(80).optional(), passphrase: z.string().max(1024).optional() }).nullable().optional(),
      })
      .strict(),
    { job: true },
  ),
  /** Check every file of a bundle folder or relay URL; the report lists each problem (never thrown). */
  'bundle.verify': channel<BundleVerifyReport>()(z.object({ jobId: z.string().uuid(), source }).strict(), { job: true }),
  /** Read a bundle's manifest (checked against SHA256SUMS, contents not hashed). */
  'bundle.manifest': channel<BundleManifest>()(z.object({ source }).strict()),
  /** Removable drives (system disks hidden) with label, size, free space and filesystem. */
  'bundle.drives': channel<RemovableDrive[]>()(z.object({}).strict()),
  /** Flush and safely eject a drive. */
  'bundle.eject': channel<{ method: string }>()(z.object({ device: z.string().regex(/^\/dev\/[A-Za-z0-9._-]+$/).max(200), mountpoint: path.nullable().optional() }).strict()),
  /** Start serving a bundle read-only (relay mode). Default 127.0.0.1; the LAN must be chosen explicitly. */
  'bundle.serveStart': channel<RelayStatus>()(
    z
      .object({
        dir: path,
        host: z.string().min(1).max(100).default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8080),
      })
      .strict(),
  ),
  'bundle.serveStop': channel<boolean>()(z.object({}).strict()),
  'bundle.serveStatus': channel<RelayStatus | null>()(z.object({}).strict()),
};
