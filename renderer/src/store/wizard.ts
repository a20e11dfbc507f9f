/**
 * What the user chose and what the engine answered, kept across the screens of a journey (so Back
 * and Next keep everything). Screens call the engine and put the results here.
 */
import { create } from 'zustand';
import type { DownloadResult } from '../../../shared/ipc/download';
import type { ReleaseCheck, ReleaseList } from '../../../shared/ipc/releases';
import type { BundleExportResult, BundleManifest, BundleUpdateResult, BundleVerifyReport, RemovableDrive } from '../../../shared/bundle';
import type { InstallResult, InstallScope, EnvironmentChoices } from '../../../shared/install';
import type { VerifyReport } from '../../../shared/verify';
import type { Finding } from '../../../shared/platform';

/** What bundle creation answers (createBundle: the export result and the warnings before export). */
export type MediaResult = BundleExportResult & { warnings?: Finding[] };

export interface PrepareState {
  releases: ReleaseList | null;
  version: string | null;
  platforms: string[];
  profilePaths: string[];
  projectDirs: string[];
  check: ReleaseCheck | null;
  downloadDir: string;
  download: DownloadResult | null;
  destination: string;
  drive: RemovableDrive | null;
  media: MediaResult | null;
  /** write a new bundle, or update one already on the media (bundle.update) */
  mediaMode: 'new' | 'update';
  /** the bundle folder to update, its manifest as read, and the update's summary */
  updateSource: string;
  updateManifest: BundleManifest | null;
  update: BundleUpdateResult | null;
}

export interface InstallJourneyState {
  source: string;
  bundle: BundleVerifyReport | null;
  scope: InstallScope | null;
  prefix: string;
  choices: EnvironmentChoices;
  confirmed: boolean;
  result: InstallResult | null;
  verify: VerifyReport | null;
}

const PREPARE0: PrepareState = { releases: null, version: null, platforms: [], profilePaths: [], projectDirs: [], check: null, downloadDir: '', download: null, destination: '', drive: null, media: null, mediaMode: 'new', updateSource: '', updateManifest: null, update: null };
const INSTALL0: InstallJourneyState = { source: '', bundle: null, scope: null, prefix: '', choices: {}, confirmed: false, result: null, verify: null };

interface WizardState {
  prepare: PrepareState;
  install: InstallJourneyState;
  setPrepare(p: Partial<PrepareState>): void;
  setInstall(p: Partial<InstallJourneyState>): void;
  reset(): void;
  resetPrepare(): void;
  resetInstall(): void;
}

export const useWizard = create<WizardState>((set) => ({
  prepare: PREPARE0,
  install: INSTALL0,
  setPrepare: (p) => set((s) => ({ prepare: { ...s.prepare, ...p } })),
  setInstall: (p) => set((s) => ({ install: { ...s.install, ...p } })),
  reset: () => set({ prepare: PREPARE0, install: INSTALL0 }),
  resetPrepare: () => set({ prepare: PREPARE0 }),
  resetInstall: () => set({ install: INSTALL0 }),
}));

/** Join a folder and a name with the separator the folder already uses (the renderer has no node:path). */
export function joinPath(dir: string, name: string): string {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return dir.endsWith(sep) ? `${dir}${name}` : `${dir}${sep}${name}`;
}
