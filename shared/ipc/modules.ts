import { z } from 'zod';
import { channel } from './define';
import type { ProjectCheck } from '../verify';

const dir = z.string().min(1).max(4096);

/** IPC channels of the modules area. (Collecting modules runs inside `bundle create`.) */
export const modulesChannels = {
  /**
   * The warnings before export: each project's go/toolchain lines against the Go being bundled
   * (`goVersion`, e.g. "go1.22.5") and go.sum completeness. With `goroot` (a Go tree for this
   * host), Go itself checks go.sum (`go list -mod=readonly -deps -test ./...`; may download).
   */
  'modules.checkProjects': channel<ProjectCheck[]>()(
    z
      .object({
        jobId: z.string().uuid(),
        projects: z.array(dir).min(1).max(50),
        goVersion: z.string().regex(/^(go)?\d+\.\d+(\.\d+)?((rc|beta)\d+)?$/),
        goroot: dir.optional(),
      })
      .strict(),
    { job: true },
  ),
} satisfies Record<string, ReturnType<ReturnType<typeof channel>>>;
