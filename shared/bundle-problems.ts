/**
 * Problems found with a bundle's files, in words for people (English and Chinese): the `files` /
 * `filesZh` parameters of BUNDLE_TAMPERED and friends. Pure, so the engine, the CLI and the
 * renderer word them the same way.
 */
import type { BundleProblem } from './bundle';

/** One word list per language for every kind of problem: the CLI, error texts and the media screen's table use it. */
export const PROBLEM_WORDS: Record<'en' | 'zh', Record<BundleProblem['problem'], string>> = {
  en: {
    missing: 'missing',
    extra: 'extra file',
    size: 'wrong size',
    hash: 'checksum mismatch',
    'not-a-file': 'not a regular file',
    'unlisted-in-sums': 'not in SHA256SUMS',
    'unlisted-in-manifest': 'not in manifest.json',
    'sums-differ': 'manifest.json and SHA256SUMS disagree',
  },
  zh: {
    missing: '缺失',
    extra: '不属于离线包',
    size: '大小不对',
    hash: '内容被改动',
    'not-a-file': '不是文件',
    'unlisted-in-sums': '未列在 SHA256SUMS 中',
    'unlisted-in-manifest': '未列在 manifest.json 中',
    'sums-differ': 'manifest.json 与 SHA256SUMS 不一致',
  },
};


/** `describeProblems` in both languages, as the `files` / `filesZh` parameters of an error. */
export function problemParams(problems: BundleProblem[], max = 8): { files: string; filesZh: string; filesDoNot: string } {
  // "1 file does not" / "3 files do not" (the English sentence agrees with the count; never "file(s)")
  const filesDoNot = problems.length === 1 ? '1 file does not' : `${problems.length} files do not`;
  return { files: describeProblems(problems, max), filesZh: describeProblems(problems, max, 'zh'), filesDoNot };
}

export function describeProblems(problems: BundleProblem[], max = 8, lang: 'en' | 'zh' = 'en'): string {
  const words = PROBLEM_WORDS[lang];
  if (lang === 'zh') {
    const shown = problems.slice(0, max).map((p) => `${p.path}（${words[p.problem]}）`);
    if (problems.length > max) shown.push(`……另有 ${problems.length - max} 个`);
    return shown.join('、');
  }
  const shown = problems.slice(0, max).map((p) => `${p.path} (${words[p.problem]})`);
  if (problems.length > max) shown.push(`… ${problems.length - max} more`);
  return shown.join(', ');
}
