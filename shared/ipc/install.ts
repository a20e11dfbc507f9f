import { z } from 'zod';
import { channel, jobArgs } from './define';
import type { InstallResult, InstallState, RollbackResult, UninstallResult, UseResult, VersionsResult } from '../install';

const scope = z.enum(['user', 'system']);
const path = z.string().min(1).max(4096);

/** The environment choices of the "Configure environment" step (see shared/install.ts). */
export const environmentChoicesSchema = z
  .object({
    goproxy: z.enum(['off', 'bundle', 'keep']).optional(),
    goflags: z.string().max(1000).optional(),
    goprivate: z.string().max(2000).optional(),
    gonosumdb: z.string().max(2000).optional(),
    gosumdbOff: z.boolean().optional(),
    sudoLink: z.boolean().optional(),
    shells: z.array(z.enum(['bash', 'zsh', 'fish'])).max(3).optional(),
    removeStaleGoroot: z.boolean().optional(),
  })
  .strict();

/** IPC channels of the install area (steps 5–6). */
export const installChannels = {
  /** Install Go from a bundle folder or relay URL: verify, one-pass extract, environment, swap. */
  'install.run': channel<InstallResult>()(
    jobArgs
      .extend({
        bundle: z.string().min(1).max(4096),
        scope,
        prefix: path.optional(),
        // an empty version is refused, never read as "the newest" (as the CLI's --go-version "")
        version: z.string().min(1).max(40).optional(),
        environment: environmentChoicesSchema.optional(),
        /**
         * system scope without the rights for it: run only this install with administrator rights
         * (pkexec / macOS prompt / UAC) through our own CLI; progress is coarse (phase "elevate")
         */
        elevate: z.boolean().optional(),
      })
      .strict(),
    { job: true },
  ),
  /** The current install record (remembered prefix), or null. */
  'install.state': channel<InstallState | null>()(z.object({ scope: scope.optional(), prefix: path.optional() }).strict()),
  /** Put back the Go the last install replaced. */
  'install.rollback': channel<RollbackResult>()(jobArgs.extend({ scope: scope.optional(), prefix: path.optional() }).strict(), { job: true }),
  /** Remove our install and every change we made. */
  'install.uninstall': channel<UninstallResult>()(jobArgs.extend({ scope: scope.optional(), prefix: path.optional() }).strict(), { job: true }),
  /** The installed Go versions (the default and those beside it), each checked against its file list; null when none. */
  'install.versions': channel<VersionsResult | null>()(z.object({ scope: scope.optional(), prefix: path.optional() }).strict()),
  /** Make a version installed beside the default one the default (one-step swap, nothing unpacked again). */
  'install.use': channel<UseResult>()(jobArgs.extend({ version: z.string().min(1).max(40), scope: scope.optional(), prefix: path.optional() }).strict(), { job: true }),
};
