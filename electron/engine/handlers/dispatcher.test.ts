import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDispatcher } from './index';
import { logsWritten } from '../logs';
import { channelNames, contract } from '../../../shared/ipc/contract';

describe('dispatcher', () => {
  const home = mkdtempSync(join(tmpdir(), 'gooff-disp-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  const env = { ...process.env, HOME: home, XDG_STATE_HOME: join(home, 'state'), XDG_CONFIG_HOME: join(home, 'config') };

  it('has a handler for every channel of the contract (transport-only channels come from the transport)', async () => {
    const d = createDispatcher({ env, emit: () => {} });
    for (const name of channelNames) {
      if (name.startsWith('system.')) continue;
      const r = await d.dispatch(name, { __probe: true });
      // a missing handler says so; anything else (a validation error, a result) means it exists
      if (!r.ok) expect(r.error.cause.en, name).not.toContain('has no handler');
    }
  });

  it('declares every long job with a jobId argument', () => {
    for (const [name, spec] of Object.entries(contract)) {
      if (!spec.job) continue;
      const shape = (spec.args as unknown as { shape?: Record<string, unknown> }).shape;
      expect(shape && 'jobId' in shape, `${name} is a job channel and must take a jobId`).toBe(true);
    }
  });

  it('rejects payloads that do not match the schema with a typed, bilingual error and logs the failure', async () => {
    const d = createDispatcher({ env, emit: () => {} });
    const r = await d.dispatch('env.saveProfile', { path: 42 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('INVALID_REQUEST');
      expect(r.error.title.zh).toMatch(/[\u4e00-\u9fff]/);
    }
    // the log line is appended in the background: wait until it is written, however busy the machine
    await logsWritten();
    const log = join(home, 'state', 'go-offline', 'logs', 'app.jsonl');
    expect(existsSync(log)).toBe(true);
    const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.some((l) => l.event === 'call.failed' && l.code === 'INVALID_REQUEST' && l.channel === 'env.saveProfile')).toBe(true);
  });
});
