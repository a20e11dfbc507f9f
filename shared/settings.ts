import { z } from 'zod';

/** User settings, kept by main in the user's config folder and shared with the CLI. */
export const settingsSchema = z.object({
  language: z.enum(['auto', 'en', 'zh']).default('auto'),
  theme: z.enum(['auto', 'light', 'dark']).default('auto'),
  /** listing sources tried in order: mirror base URLs (`URL?mode=json&include=all`, files at `URL<filename>`) */
  mirrors: z.array(z.string().url()).default([]),
  /** a listing file on disk used when no mirror answers */
  listingFile: z.string().nullable().default(null),
  /** proxy URL for the online machine (overrides HTTPS_PROXY/HTTP_PROXY when set) */
  proxy: z.string().nullable().default(null),
  defaultScope: z.enum(['user', 'system']).nullable().default(null),
  lastDestinations: z.array(z.string()).max(10).default([]),
  /** an OpenPGP public key file the user imported for signature checks */
  signingKeyFile: z.string().nullable().default(null),
});

export type Settings = z.infer<typeof settingsSchema>;
export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

/** Official listing sources, tried after the user's own mirrors. */
export const OFFICIAL_MIRRORS = ['https://go.dev/dl/', 'https://golang.google.cn/dl/'];
