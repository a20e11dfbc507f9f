/**
 * Child process of bench/modules.ts: builds the module proxy for one project with our engine
 * (`prepareModules`: checks, `go mod download all`, proxy from the cache, offline dry run) and
 * prints `{ ms, maxRssKiB }` as JSON. The Go environment (GOPROXY, HOME, GOCACHE…) comes from
 * the parent. Usage: node --import tsx bench/modules-child.ts <project> <workDir> <goroot>
 */
import { prepareModules } from '../electron/engine/modules';
import { createJob } from '../electron/engine/jobs';

async function main() {
  const [project, workDir, goroot] = process.argv.slice(2);
  if (!project || !workDir || !goroot) throw new Error('usage: modules-child <project> <workDir> <goroot>');
  const t0 = process.hrtime.bigint();
  const r = await prepareModules({ projects: [project], goroot, workDir, job: createJob(), env: process.env, strict: true });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (!r.ok || r.moduleCount === 0) throw new Error(`prepareModules: ok=${r.ok} modules=${r.moduleCount} ${JSON.stringify(r.warnings).slice(0, 500)}`);
  process.stdout.write(JSON.stringify({ ms, maxRssKiB: process.resourceUsage().maxRSS, modules: r.moduleCount }) + '\n');
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e) + '\n');
  process.exit(1);
});
