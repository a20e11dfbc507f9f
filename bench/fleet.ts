/**
 * Fleet benchmark (issue 19): installing Go on N real hosts (network namespaces with Debian's sshd,
 * each with its own HOME and install folder: test/fleet/hosts.ts) with the playbook on the media, in
 * one `ansible-playbook` run with its default batches (one host first, then the rest), against N
 * sequential `go-offline install` runs of the same bundle into the same N homes and prefixes (the
 * way without Ansible: one machine after another). Every run starts from empty hosts. Ours also
 * copies the archive to each host over ssh and runs go version, go env and a hello world in a login
 * shell there; theirs does neither (it reads the bundle in place and verifies nothing after), so the
 * row shows what the fleet path costs or saves, not a like-for-like race. No goal: it is measured.
 * Skipped (with the reason) where namespaces, sshd or ansible are missing.
 *
 *   npm run bench -- --only fleet
 *   GO_OFFLINE_BENCH_FLEET_HOSTS=4 npx tsx bench/fleet.ts --runs 1      (default: 3 hosts)
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureGoFixture } from '../test/support/go-fixture';
import { tempDir } from '../test/support/tmp';
import { fleetUnavailable, makeFleet } from '../test/fleet/hosts';
import { compare, formatTable, interpret, runCapture, skip, timeCli, type BenchFn, type BenchRow, type Sample } from './lib';

const HOSTS = Number(process.env.GO_OFFLINE_BENCH_FLEET_HOSTS ?? 3);

export const bench: BenchFn = async ({ runs, log }) => {
  const why = fleetUnavailable();
  if (why) {
    skip('fleet', `needs network namespaces, sshd and ansible: ${why}`, log);
    return [];
  }
  const f = await ensureGoFixture();
  const t = tempDir('gooff-bench-fleet-');
  try {
    const media = join(t.path, 'media');
    await timeCli(['bundle', 'create', '--archive', f.archive, '--platform', 'linux-amd64', '--out', media, '--json'], { HOME: join(t.path, 'preparer') });
    const fleet = await makeFleet(join(t.path, 'fleet'), Array.from({ length: HOSTS }, (_, i) => ({ name: `h${i + 1}` })));
    try {
      const inventory = fleet.inventory({ go_offline_scope: 'user' }, (h) => ({ go_offline_prefix: h.prefix }));
      const reset = () => {
        for (const h of fleet.hosts) {
          for (const d of [h.home, h.prefix]) {
            for (const n of readdirSync(d)) rmSync(join(d, n), { recursive: true, force: true });
            mkdirSync(d, { recursive: true });
          }
        }
      };
      log(`fleet: ${HOSTS} hosts, ${Math.min(runs, 2)} runs each`);
      const row: BenchRow = await compare({
        name: `fleet install (${HOSTS} hosts)`,
        data: `fixture ${(f.size / 2 ** 20).toFixed(0)} MiB`,
        runs: Math.min(runs, 2),
        goal: null,
        theirs: `${HOSTS}× go-offline install, one after another`,
        prepare: reset,
        ours: async (): Promise<Sample> => {
          const r = await runCapture('ansible-playbook', ['-i', inventory, join(media, 'ansible', 'install-go.yml')], { env: fleet.ansibleEnv });
          if (!/failed=0/.test(r.stdout) || /failed=[1-9]/.test(r.stdout)) throw new Error(`the playbook failed: ${r.stdout.slice(-2000)}`);
          return { ms: r.ms };
        },
        theirsFn: async (): Promise<Sample> => {
          let ms = 0;
          for (const h of fleet.hosts) {
            const s = await timeCli(['install', '--bundle', media, '--scope', 'user', '--prefix', h.prefix, '--yes', '--json'], { HOME: h.home, TMPDIR: join(h.root, 'tmp'), GO_OFFLINE_NO_ELEVATE: '1' });
            ms += s.ms;
          }
          return { ms };
        },
        note: 'ours: one ansible-playbook run over ssh (copy once per host, sha256 and install on the host, go version/go env/hello world in a login shell); theirs: the CLI per host in turn, no copy and no checks after',
      });
      return [row];
    } finally {
      await fleet.close();
    }
  } finally {
    t.remove();
  }
};

if (typeof require !== 'undefined' && require.main === module) {
  const argv = process.argv.slice(2);
  const runs = argv.includes('--runs') ? Number(argv[argv.indexOf('--runs') + 1]) : 1;
  void bench({ runs, large: false, log: (s) => console.error(s) }).then((rows) => {
    console.log(formatTable(rows));
    for (const n of interpret(rows)) console.log(n);
  });
}
