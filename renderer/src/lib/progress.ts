/**
 * Progress as the user reads it: pure functions from the engine's Progress events to rounded
 * numbers and localized text (sizes, speeds, ETA). No React, no store: unit-tested on their own.
 */
import type { Progress } from '../../../shared/progress';
import { percent } from '../../../shared/progress';
import { formatBytes, formatDuration } from '../../../shared/format';
import type { Lang } from '../../../shared/text';

/** True when every number of the event is possible (finite, non-negative, done never above a known total). */
export function isPlausible(p: Progress): boolean {
  const nums = [p.done, p.total, p.overallDone, p.overallTotal, p.speed];
  if (!nums.every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0)) return false;
  if (p.etaSeconds !== null && (typeof p.etaSeconds !== 'number' || !Number.isFinite(p.etaSeconds) || p.etaSeconds < 0)) return false;
  if (p.total > 0 && p.done > p.total * 1.001) return false;
  if (p.overallTotal > 0 && p.overallDone > p.overallTotal * 1.001) return false;
  return typeof p.jobId === 'string' && typeof p.phase === 'string';
}

function amount(n: number, unit: Progress['unit'], lang: Lang): string {
  if (unit === 'bytes') return formatBytes(n, lang);
  return new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-US').format(Math.round(n));
}

export interface ProgressView {
  /** 0..100, or null while the total is unknown (show an indeterminate bar) */
  filePercent: number | null;
  overallPercent: number | null;
  /** "12.5 MiB of 64 MiB" style pieces, already localized */
  fileAmount: string | null;
  overallAmount: string | null;
  /** "3.2 MiB/s", or null while unknown */
  speed: string | null;
  /** "1 min 5 s", or null while unknown */
  eta: string | null;
  file: string | null;
  phase: string;
}

/** `{done} / {total}` for a pair, null when nothing is known. */
function pair(done: number, total: number, unit: Progress['unit'], lang: Lang, of: string): string | null {
  if (total > 0) return `${amount(done, unit, lang)} ${of} ${amount(total, unit, lang)}`;
  if (done > 0) return amount(done, unit, lang);
  return null;
}

/** Everything the progress panel shows, from one event. `of` is the localized joiner ("of" / "/"). */
export function progressView(p: Progress, lang: Lang, of = lang === 'zh' ? '/' : 'of'): ProgressView {
  const speed = p.speed > 0 ? (p.unit === 'bytes' ? `${formatBytes(p.speed, lang)}/s` : `${amount(p.speed, 'items', lang)}/s`) : null;
  return {
    filePercent: percent(p.done, p.total),
    overallPercent: percent(p.overallDone, p.overallTotal),
    fileAmount: pair(p.done, p.total, p.unit, lang, of),
    overallAmount: pair(p.overallDone, p.overallTotal, p.unit, lang, of),
    speed,
    eta: p.etaSeconds !== null && p.speed > 0 ? formatDuration(p.etaSeconds, lang) : null,
    file: p.file ?? null,
    phase: p.phase,
  };
}
