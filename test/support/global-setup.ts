import { ensureGoFixture } from './go-fixture';
import { isolateProcessEnv } from './isolate';
import { buildCli } from '../../scripts/build-cli.mjs';

/**
 * Before test files run in parallel: keep the run off the real HOME and /tmp (see isolate.ts), and
 * build the expensive shared fixtures once.
 */
export default async function setup(): Promise<() => void> {
  const teardown = isolateProcessEnv();
  await buildCli();
  const f = await ensureGoFixture();
  process.env.GO_FIXTURE_ARCHIVE = f.archive;
  return teardown;
}
