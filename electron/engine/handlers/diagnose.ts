import { diagnoseChannels } from '../../../shared/ipc/diagnose';
import type { DiagnoseReport } from '../../../shared/diagnose';
import { RULES, runDiagnose } from '../diagnose';
import { explainErrorText } from '../diagnose/explain';
import { applyFix } from '../diagnose/fixes';
import { exportSupportReport } from '../diagnose/export-report';
import { readSupportBundle, writeSupportBundle } from '../diagnose/support-bundle';
import { checkEnvironment } from '../platform';
import type { AreaHandlers, HandlerContext } from './types';

let lastReport: DiagnoseReport | null = null;

async function diagnose(ctx: HandlerContext, args: { projects: string[]; prefix?: string; probeNetwork: boolean }) {
  const envReport = await checkEnvironment({ env: ctx.env, platform: ctx.platform, probeNetwork: args.probeNetwork, probeUrl: ctx.env.GO_OFFLINE_PROBE_URL, signal: ctx.job.signal });
  const report = await runDiagnose({
    env: ctx.env,
    platform: ctx.platform,
    projects: args.projects,
    prefix: args.prefix,
    probeNetwork: args.probeNetwork,
    envReport,
    signal: ctx.job.signal,
    onRule: (id, i, n) => ctx.job.progress({ phase: 'diagnose', file: id, done: i, total: n, overallDone: i, overallTotal: n, unit: 'items', speed: 0, etaSeconds: null }),
  });
  return { report, envReport };
}

/** Handlers of the diagnose area: thin calls into the engine. */
export const diagnoseHandlers: AreaHandlers<typeof diagnoseChannels> = {
  'diagnose.run': async (args, ctx) => {
    lastReport = (await diagnose(ctx, args)).report;
    return lastReport;
  },
  'diagnose.rules': async () => RULES.map((r) => ({ id: r.id, severity: r.severity, title: r.title, checks: r.checks })),
  // the same function as `go-offline diagnose --explain`: matches, and each matched rule run here to confirm it
  'diagnose.explain': async (args, ctx) => explainErrorText({ text: args.text, env: ctx.env, platform: ctx.platform, probeNetwork: args.probeNetwork, signal: ctx.job.signal }),
  'diagnose.saveSupportBundle': async (args, ctx) => {
    const fresh = await diagnose(ctx, { projects: args.projects, prefix: args.prefix, probeNetwork: false });
    const report = lastReport && !args.projects.length && !args.prefix ? { ...lastReport } : fresh.report;
    ctx.job.progress({ phase: 'support-bundle', done: 0, total: 1, overallDone: 0, overallTotal: 1, unit: 'items', speed: 0, etaSeconds: null }, true);
    const r = await writeSupportBundle({ env: ctx.env, platform: ctx.platform, out: args.path, report, envReport: fresh.envReport, removeUserNames: args.removeUserNames });
    return { path: r.path, manifest: r.manifest };
  },
  'diagnose.openSupportBundle': async (args) => readSupportBundle(args.path),
  'diagnose.fix': async (args, ctx) => applyFix(args, { env: ctx.env, platform: ctx.platform }),
  'diagnose.exportReport': async (args) => exportSupportReport({ bundle: args.bundle, out: args.out, replace: args.replace }),
};
