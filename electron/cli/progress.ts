/**
 * How the CLI shows a job's progress on stderr, as a pure state machine (no I/O, the clock passed
 * in) so every rule below is unit-tested:
 * - On a terminal: one redrawn bar per phase (a phase is the job's phase plus, for byte counts, the
 *   file). A phase that reaches 100% is printed once as a finished line and never again, however
 *   many more 100% events arrive. Before anything else is printed (the report, an error) the open
 *   bar is cleared, so the report never starts glued to a bar.
 * - Without a terminal (logs, CI): one line when a phase starts, nothing while it runs, and one
 *   final line with the state the job ended in. Phase changes are never throttled away.
 * - Speed is measured here, per phase, over a sliding window (etcher-sdk's model: a few seconds
 *   of samples; none until the window spans a second and bytes have moved), so a new phase never
 *   shows the previous phase's speed ("0% … 635 MiB/s"). The ETA is remaining / speed, smoothed
 *   so that it does not swing with each sample, and shown only while the speed is known.
 */
import type { Progress } from '../../shared/progress';
import { percent } from '../../shared/progress';
import { formatBytes, formatDuration } from '../../shared/format';
import type { Lang } from '../../shared/text';

export type EndState = 'done' | 'failed' | 'cancelled';

const SPEED_WINDOW_MS = 3000;
const MIN_SPAN_MS = 1000;
/** weight of a new ETA estimate against the running one */
const ETA_SMOOTHING = 0.2;
const REDRAW_MS = 100;

/** Units per second over the samples' span; null while unknown (under a second of samples, or no movement). */
export function windowSpeed(samples: ReadonlyArray<{ t: number; done: number }>): number | null {
  if (samples.length < 2) return null;
  const a = samples[0]!;
  const b = samples[samples.length - 1]!;
  const dt = b.t - a.t;
  if (dt < MIN_SPAN_MS) return null;
  const s = ((b.done - a.done) * 1000) / dt;
  return Number.isFinite(s) && s > 0 ? s : null;
}

/** Exponential smoothing of ETA estimates: the first estimate is taken as is. */
export function smoothEta(previous: number | null, estimate: number | null): number | null {
  if (estimate === null || !Number.isFinite(estimate) || estimate < 0) return null;
  if (previous === null) return estimate;
  return previous + ETA_SMOOTHING * (estimate - previous);
}

const WORDS = {
  done: { en: 'done', zh: '完成' },
  failed: { en: 'failed', zh: '失败' },
  cancelled: { en: 'cancelled', zh: '已取消' },
  eta: { en: 'ETA', zh: '剩余' },
} as const;

interface PhaseState {
  key: string;
  last: Progress;
  samples: Array<{ t: number; done: number }>;
  eta: number | null;
  finished: boolean;
}

export interface ProgressView {
  /** Text to write to stderr for this event ('' when nothing changes on screen). */
  update(p: Progress, now: number): string;
  /** Text that removes an open bar (terminal) before other output; '' when none is open. */
  clear(): string;
  /** Text for the end of the job: the final state (no terminal), or clearing the bar (terminal). */
  end(state: EndState): string;
}

export function phaseKey(p: Progress): string {
  // a phase that counts items walks through them (the file is the current item): one phase;
  // a phase that counts bytes is one per file
  return p.unit === 'bytes' && p.file ? `${p.phase}\u0000${p.file}` : p.phase;
}

export function createProgressView(opts: { tty: boolean; lang: Lang; width?: number }): ProgressView {
  const lang = opts.lang;
  let cur: PhaseState | null = null;
  const finished = new Set<string>();
  let barOpen = false;
  let lastDraw = 0;
  let ended = false;

  const label = (p: Progress) => (p.unit === 'items' ? p.phase : `${p.phase}${p.file ? ' ' + p.file : ''}`);
  const size = (p: Progress) =>
    p.unit === 'bytes' ? `${formatBytes(p.done, lang)}${p.total > 0 ? ' / ' + formatBytes(p.total, lang) : ''}` : `${p.done}${p.total > 0 ? '/' + p.total : ''}`;

  function line(s: PhaseState, withRate: boolean): string {
    const p = s.last;
    const pct = percent(p.done, p.total);
    const parts = [label(p)];
    if (opts.tty && pct !== null) {
      const width = opts.width ?? 24;
      const filled = Math.round((pct / 100) * width);
      parts.push(`[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(pct).padStart(3)}%`);
    } else if (pct !== null) {
      parts.push(`${pct}%`);
    }
    parts.push(size(p));
    if (withRate && p.unit === 'bytes') {
      const speed = windowSpeed(s.samples);
      if (speed !== null && p.done > 0) {
        parts.push(`${formatBytes(speed, lang)}/s`);
        if (s.eta !== null && pct !== 100) parts.push(`${WORDS.eta[lang]} ${formatDuration(Math.max(1, Math.round(s.eta)), lang)}`);
      }
    }
    return parts.join(' ');
  }

  function clear(): string {
    if (!opts.tty || !barOpen) return '';
    barOpen = false;
    return '\r\x1b[K';
  }

  return {
    update(p, now) {
      if (ended) return '';
      if (!Number.isFinite(p.done) || !Number.isFinite(p.total) || p.done < 0 || p.total < 0) return '';
      const key = phaseKey(p);
      if (finished.has(key)) return ''; // a finished phase is never shown again
      let out = '';
      let changed = false;
      if (!cur || cur.key !== key) {
        changed = true;
        // the previous phase was left before it reached 100%: its bar goes, the new one replaces it
        out += clear();
        cur = { key, last: p, samples: [], eta: null, finished: false };
        if (!opts.tty) out += line(cur, false) + '\n';
      }
      const s = cur;
      s.last = p;
      s.samples.push({ t: now, done: p.done });
      while (s.samples.length > 2 && now - s.samples[0]!.t > SPEED_WINDOW_MS) s.samples.shift();
      const speed = windowSpeed(s.samples);
      s.eta = speed !== null && p.total > 0 && p.done <= p.total ? smoothEta(s.eta, (p.total - p.done) / speed) : null;
      const complete = p.total > 0 && p.done >= p.total;
      if (complete) {
        finished.add(key);
        s.finished = true;
      }
      if (!opts.tty) return out;
      if (complete) {
        barOpen = false;
        lastDraw = now;
        return out + `\r\x1b[K${line(s, true)}\n`;
      }
      if (!changed && now - lastDraw < REDRAW_MS) return out;
      lastDraw = now;
      barOpen = true;
      return out + `\r\x1b[K${line(s, true)}`;
    },
    clear,
    end(state) {
      if (ended) return '';
      ended = true;
      if (!cur) return '';
      // a terminal keeps no bar after a job that succeeded (the report follows); a job that stopped
      // says where, as does a log
      if (opts.tty && state === 'done') return clear();
      return `${clear()}${line(cur, false)} ${WORDS[state][lang]}\n`;
    },
  };
}
