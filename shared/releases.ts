/** Types of step 2 (catalog) and step 3 (download), shared by the engine, UI and bundle export. */

/** One file of the official listing (`go.dev/dl/?mode=json&include=all`), fields as published. */
export interface ReleaseFile {
  filename: string;
  os: string;
  arch: string;
  version: string;
  sha256: string;
  size: number;
  kind: 'archive' | 'installer' | 'source' | string;
}

export interface Release {
  version: string;
  stable: boolean;
  files: ReleaseFile[];
}

export type SignatureStatus = 'verified' | 'not-published' | 'bad' | 'not-checked';

/** A file that step 3 downloaded and verified (its SHA-256 matched the listing). */
export interface DownloadedFile {
  file: ReleaseFile;
  /** absolute path of the verified file under its final name */
  path: string;
  sha256: string;
  size: number;
  /** absolute path of the detached signature, when one was published and fetched */
  signaturePath?: string;
  signature: SignatureStatus;
  /** fingerprint of the key that verified the signature */
  keyFingerprint?: string;
  /** the URL the bytes finally came from */
  url: string;
}
