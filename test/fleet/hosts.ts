/**
 * A fleet of real hosts on this machine for the playbook test and the fleet bench: each host is a
 * network namespace joined to this one by a veth pair, with an address only on a private test net
 * made here (10.213.N.0/24, N unused on this machine; nothing else is routed), running Debian's
 * /usr/sbin/sshd on that address with a temp host key, a temp authorized key, no PAM, a PidFile in
 * its temp folder, and its own HOME and TMPDIR (sshd's SetEnv), so Ansible's facts and every
 * command see that host's own home. sshd runs in its own mount namespace with a private /run
 * (Debian's sshd needs /run/sshd, which this machine need not have); a host can also get a tiny
 * tmpfs as its install folder there (a full disk that vanishes with the host). Names are unique per
 * run; `close()` stops every sshd it started (by pid) and removes every namespace and link it made.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

export interface FleetHost {
  name: string;
  ns: string;
  /** this host's address (the controller is .1 on the same /24) */
  addr: string;
  /** the host's own folder: home/, tmp/, opt/ (its install prefix), sshd files */
  root: string;
  home: string;
  prefix: string;
  /** sshd's pid (its mount namespace holds the host's tmpfs: /proc/PID/root sees it) */
  pid: number;
}

export interface HostSpec {
  name: string;
  /** mount a tmpfs of this size at the host's prefix, holding `oldGo` (a full disk) */
  tmpfsPrefix?: string;
  /** a Go tree copied to <prefix>/go before the run (the Go the host had) */
  oldGo?: string;
}

export interface Fleet {
  hosts: FleetHost[];
  base: string;
  /** the controller's private key for root on every host */
  keyFile: string;
  /** an INI inventory of the hosts (group go_hosts) with the given group variables */
  inventory(groupVars: Record<string, string>, hostVars?: (h: FleetHost) => Record<string, string>): string;
  /** ANSIBLE_* and HOME/TMPDIR for ansible-playbook: every temp, config and cache in `base` */
  ansibleEnv: Record<string, string>;
  /** run a command on a host over ssh (one argument: the remote shell's command line) */
  ssh(h: FleetHost, command: string): { status: number | null; stdout: string; stderr: string };
  /** a file as the host sees it (through its mount namespace) */
  hostPath(h: FleetHost, p: string): string;
  close(): Promise<void>;
}

const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: 'utf8' });

/** Why a fleet cannot be made here, or null when it can. */
export function fleetUnavailable(): string | null {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root (ip netns needs it)';
  for (const p of ['/usr/sbin/sshd', '/usr/bin/ssh', '/usr/bin/ssh-keygen']) if (!existsSync(p)) return `${p} is not installed (apt-get install openssh-server openssh-client)`;
  if (run('ansible-playbook', ['--version']).status !== 0) return 'ansible-playbook is not installed';
  if (run('unshare', ['--version']).status !== 0) return 'unshare (util-linux) is not installed';
  const probe = `gof-probe-${randomBytes(3).toString('hex')}`;
  const add = run('ip', ['netns', 'add', probe]);
  if (add.status !== 0) return `ip netns is not permitted here (${(add.stderr || add.error?.message || '').trim()})`;
  run('ip', ['netns', 'del', probe]);
  return null;
}

function freeSubnets(n: number): number[] {
  const used = new Set<number>();
  for (const m of run('ip', ['-4', '-o', 'addr', 'show']).stdout.matchAll(/10\.213\.(\d+)\./g)) used.add(Number(m[1]));
  for (const m of run('ip', ['-4', 'route', 'show']).stdout.matchAll(/10\.213\.(\d+)\./g)) used.add(Number(m[1]));
  const out: number[] = [];
  let k = 1 + (randomBytes(1)[0]! % 200);
  while (out.length < n) {
    if (!used.has(k)) out.push(k);
    k = (k % 250) + 1;
  }
  return out;
}

/**
 * Wait until sshd accepts connections on its address: try, and after each refusal try again a
 * little later (10 ms, growing to 200 ms). Ends when it accepts, when sshd exits (its log is the
 * error), or at a generous limit (a limit, not a pace: a busy machine may take long to start it).
 */
async function waitForPort(addr: string, port: number, child: ChildProcess, log: string): Promise<void> {
  let exited = false;
  child.once('exit', () => (exited = true));
  const limit = Date.now() + 5 * 60_000;
  for (let wait = 10; ; wait = Math.min(wait * 2, 200)) {
    if (exited) throw new Error(`sshd on ${addr} exited: ${existsSync(log) ? readFileSync(log, 'utf8') : ''}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ host: addr, port });
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > limit) throw new Error(`sshd on ${addr} did not accept connections within 5 minutes`);
    await new Promise((r) => setTimeout(r, wait));
  }
}

// sshd's wrapper: a private /run with /run/sshd, the host's own (empty) /usr/local and /etc/profile.d
// (so a system-scope install by mistake stays inside the host), optionally a tmpfs install folder holding the old
// Go, then sshd itself in the foreground (this script is constant; the values are its arguments)
const HOST_INIT = 'set -e; mount -t tmpfs -o mode=755 tmpfs /run; mkdir -m 755 /run/sshd; mount -t tmpfs -o mode=755 tmpfs /usr/local; mount -t tmpfs -o mode=755 tmpfs /etc/profile.d; if [ -n "$1" ]; then mount -t tmpfs -o "size=$2" tmpfs "$1"; if [ -n "$3" ]; then cp -a "$3" "$1/go"; fi; fi; exec /usr/sbin/sshd -D -e -f "$4"';

export async function makeFleet(base: string, specs: HostSpec[]): Promise<Fleet> {
  const id = randomBytes(2).toString('hex');
  mkdirSync(base, { recursive: true });
  const keyFile = join(base, 'id_ed25519');
  const kg = run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'go-offline fleet test', '-f', keyFile]);
  if (kg.status !== 0) throw new Error(`ssh-keygen: ${kg.stderr}`);
  const hosts: FleetHost[] = [];
  const children: ChildProcess[] = [];
  const links: string[] = [];
  const namespaces: string[] = [];
  const close = async () => {
    for (const c of children) {
      if (c.exitCode === null && c.signalCode === null) {
        const gone = new Promise((r) => c.once('exit', r));
        c.kill('SIGTERM');
        await gone;
      }
    }
    for (const ns of namespaces) run('ip', ['netns', 'del', ns]);
    for (const l of links) run('ip', ['link', 'del', l]);
  };
  try {
    const nets = freeSubnets(specs.length);
    for (const [i, spec] of specs.entries()) {
      const n = nets[i]!;
      const ns = `gof-${id}-${i}`;
      const vh = `gof${id}${i}h`;
      const vn = `gof${id}${i}n`;
      const root = join(base, spec.name);
      const home = join(root, 'home');
      const prefix = join(root, 'opt');
      for (const d of [home, join(root, 'tmp'), prefix]) mkdirSync(d, { recursive: true });
      const step = (args: string[]) => {
        const r = run('ip', args);
        if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr.trim()}`);
      };
      step(['netns', 'add', ns]);
      namespaces.push(ns);
      step(['link', 'add', vh, 'type', 'veth', 'peer', 'name', vn]);
      links.push(vh);
      step(['link', 'set', vn, 'netns', ns]);
      step(['addr', 'add', `10.213.${n}.1/24`, 'dev', vh]);
      step(['link', 'set', vh, 'up']);
      step(['-n', ns, 'addr', 'add', `10.213.${n}.2/24`, 'dev', vn]);
      step(['-n', ns, 'link', 'set', vn, 'up']);
      step(['-n', ns, 'link', 'set', 'lo', 'up']);
      const addr = `10.213.${n}.2`;
      const hostKey = join(root, 'ssh_host_ed25519_key');
      const hk = run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
      if (hk.status !== 0) throw new Error(`ssh-keygen: ${hk.stderr}`);
      writeFileSync(join(root, 'authorized_keys'), readFileSync(`${keyFile}.pub`));
      const cfg = join(root, 'sshd_config');
      writeFileSync(
        cfg,
        [
          `ListenAddress ${addr}`,
          'Port 22',
          `HostKey ${hostKey}`,
          `AuthorizedKeysFile ${join(root, 'authorized_keys')}`,
          `PidFile ${join(root, 'sshd.pid')}`,
          'UsePAM no',
          'StrictModes no',
          'PermitRootLogin prohibit-password',
          'PasswordAuthentication no',
          'KbdInteractiveAuthentication no',
          'Subsystem sftp internal-sftp',
          `SetEnv HOME=${home} TMPDIR=${join(root, 'tmp')} LANG=C.UTF-8`,
          'LogLevel ERROR',
          '',
        ].join('\n'),
      );
      const log = join(root, 'sshd.log');
      const out = openSync(log, 'a');
      const child = spawn('ip', ['netns', 'exec', ns, 'unshare', '--mount', '--propagation', 'private', '--', '/bin/sh', '-c', HOST_INIT, 'host-init', spec.tmpfsPrefix ? prefix : '', spec.tmpfsPrefix ?? '', spec.oldGo ?? '', cfg], { stdio: ['ignore', out, out] });
      closeSync(out);
      children.push(child);
      await waitForPort(addr, 22, child, log);
      if (spec.oldGo && !spec.tmpfsPrefix) run('cp', ['-a', spec.oldGo, join(prefix, 'go')]);
      hosts.push({ name: spec.name, ns, addr, root, home, prefix, pid: child.pid! });
    }
  } catch (e) {
    await close();
    throw e;
  }
  const sshArgs = ['-i', keyFile, '-o', 'UserKnownHostsFile=/dev/null', '-o', 'StrictHostKeyChecking=no', '-o', 'BatchMode=yes', '-o', 'LogLevel=ERROR', '-o', 'ControlMaster=no', '-o', 'IdentitiesOnly=yes'];
  const cfgPath = join(base, 'ansible.cfg');
  mkdirSync(join(base, 'controller-home'), { recursive: true });
  mkdirSync(join(base, 'controller-tmp'), { recursive: true });
  writeFileSync(
    cfgPath,
    [
      '[defaults]',
      'host_key_checking = False',
      'retry_files_enabled = False',
      'interpreter_python = /usr/bin/python3',
      'forks = 10',
      // a limit, not a pace: an ssh handshake on a busy machine can take longer than the default 10 s
      'timeout = 60',
      'nocolor = True',
      '',
      '[ssh_connection]',
      `ssh_args = ${sshArgs.slice(2).join(' ')}`,
      'pipelining = True',
      '',
    ].join('\n'),
  );
  return {
    hosts,
    base,
    keyFile,
    inventory(groupVars, hostVars) {
      const lines = ['[go_hosts]'];
      for (const h of hosts) lines.push([h.name, `ansible_host=${h.addr}`, ...Object.entries(hostVars?.(h) ?? {}).map(([k, v]) => `${k}=${v}`)].join(' '));
      lines.push('', '[go_hosts:vars]', 'ansible_user=root', `ansible_ssh_private_key_file=${keyFile}`, ...Object.entries(groupVars).map(([k, v]) => `${k}=${v}`), '');
      const p = join(base, `inventory-${randomBytes(3).toString('hex')}.ini`);
      writeFileSync(p, lines.join('\n'));
      return p;
    },
    ansibleEnv: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: join(base, 'controller-home'),
      TMPDIR: join(base, 'controller-tmp'),
      LANG: 'C.UTF-8',
      ANSIBLE_CONFIG: cfgPath,
      ANSIBLE_HOME: join(base, 'ansible-home'),
      ANSIBLE_LOCAL_TEMP: join(base, 'ansible-local-tmp'),
      ANSIBLE_REMOTE_TEMP: join(base, 'ansible-remote-tmp'),
      ANSIBLE_SSH_CONTROL_PATH_DIR: join(base, 'ansible-cp'),
      ANSIBLE_NOCOLOR: '1',
      ANSIBLE_FORCE_COLOR: '0',
      ANSIBLE_RETRY_FILES_ENABLED: '0',
      ANSIBLE_HOST_KEY_CHECKING: 'False',
    },
    ssh(h, command) {
      const r = spawnSync('ssh', [...sshArgs, `root@${h.addr}`, command], { encoding: 'utf8' });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    },
    hostPath(h, p) {
      return join(`/proc/${h.pid}/root`, p);
    },
    close,
  };
}
