import { z } from 'zod';
import { channel } from './define';

/**
 * Channels that only the Electron main process can serve (native dialogs, the shell). The
 * loopback bridge answers them with `supported: false`, and the UI falls back to typed paths.
 */
export const systemChannels = {
  'system.chooseFolder': channel<{ path: string | null; supported: boolean }>()(
    z.object({ title: z.string().max(200).optional(), defaultPath: z.string().max(4096).optional() }).strict(),
  ),
  'system.chooseFile': channel<{ path: string | null; supported: boolean }>()(
    z.object({ title: z.string().max(200).optional(), save: z.boolean().default(false), defaultPath: z.string().max(4096).optional(), extensions: z.array(z.string().max(16)).max(10).optional() }).strict(),
  ),
  /** Open an allow-listed https URL in the user's browser. */
  'system.openExternal': channel<{ opened: boolean }>()(z.object({ url: z.string().url().max(2048) }).strict()),
  /** Show a file or folder in the system file manager. */
  'system.showItem': channel<{ shown: boolean }>()(z.object({ path: z.string().min(1).max(4096) }).strict()),
  /** A support bundle the OS asked us to open (file association, command line), taken once. */
  'system.takeOpenedFile': channel<{ path: string | null }>()(z.object({}).strict()),
  /** Information about the running app. */
  'system.info': channel<{ version: string; transport: 'electron' | 'bridge'; packaged: boolean; platform: string; locale: string }>()(z.object({}).strict()),
};
