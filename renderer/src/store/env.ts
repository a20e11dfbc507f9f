import { create } from 'zustand';
import type { EnvReport, Verdict } from '../../../shared/platform';
import type { AppErrorData } from '../../../shared/errors';
import { call, errorData } from '../api';

interface EnvState {
  report: EnvReport | null;
  status: 'idle' | 'running' | 'done' | 'error';
  error: AppErrorData | null;
  run(probeNetwork?: boolean): Promise<void>;
}

export const useEnv = create<EnvState>((set, get) => ({
  report: null,
  status: 'idle',
  error: null,
  async run(probeNetwork = true) {
    if (get().status === 'running') return;
    set({ status: 'running', error: null });
    try {
      const report = await call('env.check', { probeNetwork });
      set({ report, status: 'done' });
    } catch (e) {
      set({ status: 'error', error: errorData(e) });
    }
  },
}));

/** Count findings by verdict (pure; used by the summary and tests). */
export function countVerdicts(report: EnvReport | null): Record<Verdict, number> {
  const c: Record<Verdict, number> = { pass: 0, warn: 0, fail: 0, info: 0 };
  for (const f of report?.findings ?? []) c[f.verdict]++;
  return c;
}

/** The journey the home screen suggests from what the check saw. */
export function suggestJourney(
  report: EnvReport | null,
  lastVerify: { ok: boolean } | null = null,
  mediaWithBundle = 0,
): { journey: 'prepare' | 'install' | 'diagnose' | null; why: 'online' | 'offline' | 'broken' | 'verifyFailed' | 'media' | 'unknown' } {
  if (lastVerify && !lastVerify.ok) return { journey: 'diagnose', why: 'verifyFailed' };
  // inserted media carrying a bundle is the clearest sign of what the user came to do
  if (mediaWithBundle > 0 && !report?.goInstalls.some((g) => g.firstOnPath && g.error)) return { journey: 'install', why: 'media' };
  if (!report) return { journey: null, why: 'unknown' };
  const firstGo = report.goInstalls.find((g) => g.firstOnPath);
  if (firstGo?.error || (report.gorootEnv && report.findings.some((f) => f.id === 'go.goroot-env' && f.verdict === 'fail'))) {
    return { journey: 'diagnose', why: 'broken' };
  }
  if (report.suggestion === 'online') return { journey: 'prepare', why: 'online' };
  if (report.suggestion === 'offline') return { journey: 'install', why: 'offline' };
  return { journey: null, why: 'unknown' };
}
