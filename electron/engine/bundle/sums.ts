/**
 * SHA256SUMS in GNU coreutils format (`<hex>  <path>`), readable by `sha256sum -c` on any Linux
 * box. We never write escaped names: bundle paths cannot contain backslashes or newlines.
 */
import { AppError } from '../../../shared/errors';

export interface SumEntry {
  path: string;
  sha256: string;
}

export function formatSums(entries: SumEntry[]): string {
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return sorted.map((e) => {
    if (/[\n\r\\]/.test(e.path)) throw new Error(`path not allowed in SHA256SUMS: ${JSON.stringify(e.path)}`);
    return `${e.sha256}  ${e.path}\n`;
  }).join('');
}

/** Parse SHA256SUMS; throws BUNDLE_SUMS_INVALID naming the bad line. Duplicate paths are an error. */
export function parseSums(text: string, source: string): Map<string, string> {
  const map = new Map<string, string>();
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') return;
    const m = /^([0-9a-fA-F]{64}) [ *](.+)$/.exec(line);
    if (!m) throw new AppError('BUNDLE_SUMS_INVALID', { source, line: i + 1, message: 'expected "<sha256>  <path>"' });
    const path = m[2]!;
    if (path.startsWith('/') || path.split('/').includes('..') || path.startsWith('\\')) {
      throw new AppError('BUNDLE_SUMS_INVALID', { source, line: i + 1, message: `unsafe path ${path}` });
    }
    if (map.has(path)) throw new AppError('BUNDLE_SUMS_INVALID', { source, line: i + 1, message: `${path} listed twice` });
    map.set(path, m[1]!.toLowerCase());
  });
  return map;
}
