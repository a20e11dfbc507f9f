/** Types of step 1 (environment check) and of the target profile it saves. */
import type { LocalText } from './text';

export type Verdict = 'pass' | 'warn' | 'fail' | 'info';

/** Go's names for operating systems and CPUs, as in the official listing. */
export type GoOS = 'linux' | 'darwin' | 'windows' | 'freebsd' | 'netbsd' | 'openbsd' | 'dragonfly' | 'illumos' | 'solaris' | 'aix' | 'plan9';
export type GoArch = 'amd64' | 'arm64' | 'armv6l' | '386' | 'ppc64le' | 'ppc64' | 's390x' | 'riscv64' | 'loong64' | 'mips' | 'mipsle' | 'mips64' | 'mips64le';

export interface Finding {
  /** stable id, e.g. "cpu.arch", "libc.version", "disk.user", "go.existing", "network.go-site" */
  id: string;
  verdict: Verdict;
  title: LocalText;
  /** plain explanation of what was found */
  detail: LocalText;
  /** for warn and fail: what to do */
  fix?: LocalText;
  /** the facts behind it (shown under "details") */
  evidence?: Record<string, string | number | boolean | null>;
}

export interface GoInstallation {
  /** path of the go binary */
  binary: string;
  /** GOROOT as reported by that go (go env GOROOT), or null if it could not run */
  goroot: string | null;
  /** e.g. "go1.22.5", or null if it could not run */
  version: string | null;
  /** where we found it */
  foundBy: 'path' | 'known-location';
  /** the first go on PATH (the one a shell would run) */
  firstOnPath: boolean;
  /** why it could not run, if it could not */
  error?: string;
}

export interface InstallLocation {
  scope: 'system' | 'user';
  /** the GOROOT the install would have, e.g. /usr/local/go or ~/.local/go */
  goroot: string;
  /** nearest existing parent folder that was checked */
  checkedDir: string;
  writable: boolean;
  freeBytes: number | null;
  existingGo: boolean;
}

export interface StartupFile {
  path: string;
  exists: boolean;
  /** what reads it, e.g. "bash login shells" */
  readBy: string;
}

export interface EnvReport {
  /** the target-profile format and its version */
  schema: 'go-offline/target-profile@1';
  createdAt: string;
  toolVersion: string;
  host: {
    hostname: string;
    os: GoOS | string;
    /** Node's name for the OS */
    nodePlatform: string;
    distro: { id: string; name: string; version: string; prettyName: string } | null;
    kernel: string;
    /** OS version (kernel on Linux, product version on macOS/Windows) */
    osVersion: string;
    /** `uname -m` (or PROCESSOR_ARCHITECTURE on Windows) */
    machine: string;
    /** the machine's CPU in Go's names; this decides which archive to install */
    arch: GoArch | string;
    /** the architecture this process runs as (may differ under Rosetta or WOW64) */
    processArch: GoArch | string;
    translated: 'rosetta' | 'wow64' | null;
    /** e.g. "linux-amd64" */
    platform: string;
  };
  libc: { family: 'glibc' | 'musl' | 'none' | 'unknown'; version: string | null };
  user: {
    name: string;
    uid: number | null;
    elevated: boolean;
    home: string;
    shell: string | null;
    shellName: string | null;
    startupFiles: StartupFile[];
  };
  locations: InstallLocation[];
  goInstalls: GoInstallation[];
  /** GOROOT from the environment, if set */
  gorootEnv: string | null;
  tempDir: { path: string; noexec: boolean | null; freeBytes: number | null };
  network: { probed: boolean; reachable: boolean | null; url: string; error?: string };
  /** what the home screen suggests */
  suggestion: 'online' | 'offline' | 'unknown';
  findings: Finding[];
}
