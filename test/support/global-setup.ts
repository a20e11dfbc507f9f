import { ensureGoFixture } from './go-fixture';
import { buildCli } from '../../scripts/build-cli.mjs';

/** Build the expensive shared fixtures once, before test files run in parallel. */
export default async function setup(): Promise<void> {
  await buildCli();
  const f = await ensureGoFixture();
  process.env.GO_FIXTURE_ARCHIVE = f.archive;
}
