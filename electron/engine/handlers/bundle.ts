import { bundleChannels, type RelayStatus } from '../../../shared/ipc/bundle';
import { checkBundle, createBundle, ejectDrive, listRemovableDrives, readManifest, startRelay, updateBundle, verifyBundle, type Relay } from '../bundle';
import type { AreaHandlers } from './types';
import { loadSettings } from '../settings';
import { unlockOwnKey } from '../signing';
import { join } from 'node:path';
import { logDir } from '../logs';

let relay: { relay: Relay; dir: string } | null = null;

function status(): RelayStatus | null {
  if (!relay) return null;
  const r = relay.relay;
  const s = r.status(); // what /_status.json answers now
  const live = {
    sendingArchives: s.active.filter((a) => a.slot === 'archive').length,
    maxTransfers: s.limits.maxTransfers,
    activeTransfers: s.active.length,
    toldToWait: s.totals['refused-busy'],
    requests: s.totals.requests,
    complete: s.totals.complete,
    bytes: s.totals.bytes,
    clients: s.clients.length,
  };
  return { url: r.url, urls: r.urls, goproxy: r.goproxy, host: r.host, port: r.port, dir: relay.dir, statusUrl: r.statusUrl, live };
}

/** The status pages of the relay this app runs (the app may open exactly these in the browser). */
export function servingStatusUrls(): string[] {
  if (!relay) return [];
  const r = relay.relay;
  return [...new Set([r.statusUrl, ...r.urls.map((u) => `${u}_status`)])];
}

/** Handlers of the bundle area: thin calls into the engine. */
export const bundleHandlers: AreaHandlers<typeof bundleChannels> = {
  'bundle.create': async (args, ctx) => {
    // the key is unlocked first: a wrong passphrase costs no download
    const fingerprint = args.sign === null ? null : (args.sign?.fingerprint ?? (await loadSettings(ctx.env)).bundleSigningKey);
    const key = fingerprint ? await unlockOwnKey(fingerprint, args.sign?.passphrase, ctx.env) : null;
    return createBundle({
      version: args.version,
      versions: args.versions,
      platforms: args.platforms,
      mirrors: args.mirrors,
      archiveFiles: args.archiveFiles,
      projects: args.projects,
      vendor: args.vendor,
      profile: args.profile,
      outDir: args.outDir,
      split: args.split,
      installersDir: args.installersDir,
      resourcesPath: ctx.packaged ? ctx.resourcesPath : undefined,
      env: ctx.env,
      ...(key ? { sign: { key } } : {}),
      job: ctx.job,
    });
  },
  'bundle.update': async (args, ctx) => {
    const settings = await loadSettings(ctx.env);
    return updateBundle({
      dir: args.dir,
      addVersions: args.addVersions,
      addPlatforms: args.addPlatforms,
      removeVersions: args.removeVersions,
      removePlatforms: args.removePlatforms,
      archiveFiles: args.archiveFiles,
      projects: args.projects,
      removeProjects: args.removeProjects,
      mirrors: args.mirrors,
      requireSignature: settings.requireSignature,
      sign: args.sign === null ? null : { fingerprint: args.sign?.fingerprint, passphrase: args.sign?.passphrase, defaultKey: settings.bundleSigningKey },
      env: ctx.env,
      job: ctx.job,
    });
  },
  'bundle.verify': async (args, ctx) => checkBundle(args.source, { job: ctx.job, env: ctx.env }),
  'bundle.manifest': async (args) => (await readManifest(args.source)).manifest,
  'bundle.drives': async () => listRemovableDrives(),
  'bundle.eject': async (args) => ejectDrive(args.device, { mountpoint: args.mountpoint }),
  'bundle.serveStart': async (args, ctx) => {
    if (relay) {
      await relay.relay.close();
      relay = null;
    }
    await verifyBundle(args.dir, { job: ctx.job, env: ctx.env });
    // same limits and access log as `go-offline serve`
    const settings = await loadSettings(ctx.env);
    relay = { relay: await startRelay({ dir: args.dir, host: args.host, port: args.port, maxTransfers: settings.relayMaxTransfers, accessLogFile: join(logDir(ctx.env), 'relay-access.log') }), dir: args.dir };
    return status()!;
  },
  'bundle.serveStop': async () => {
    if (!relay) return false;
    await relay.relay.close();
    relay = null;
    return true;
  },
  'bundle.serveStatus': async () => status(),
};
