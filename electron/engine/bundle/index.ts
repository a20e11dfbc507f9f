/** Step 4: self-checking bundles. Public surface of the bundle area. */
export { exportBundle, describeArchive, type ExportOptions, type ExportModules } from './export';
export { verifyBundle, checkBundle, tamperedError } from './verify';
export { readManifest, parseManifest, crossCheck, describeProblems, problemParams, type ManifestRead } from './manifest';
export { openBundleSource, materializeFile, isUrl, safeJoin, type BundleSource } from './source';
export { formatSums, parseSums } from './sums';
export { filesystemOf, freeSpace, isFatType, FAT32_MAX_FILE, DEFAULT_PART_SIZE } from './fsinfo';
export { renderInstallSh, renderInstallPs1, renderPlaybook, renderInventory, renderReadme, shQuote } from './scripts';
export { startRelay, type Relay, type RelayOptions } from './relay';
export { listRemovableDrives, parseLsblk, ejectDrive, findBundlesIn } from './drives';
export { hashFile } from './io';
export { createBundle, readTargetProfile, type CreateBundleOptions, type CreateBundleResult } from './create';
export { updateBundle, recoverUpdate, type UpdateBundleOptions } from './update';
