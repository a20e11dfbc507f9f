/**
 * What each download source answered, in plain words. The engine records one `SourceTried` per
 * mirror or public Go site it asked (its address, whether it is one of the public Go sites, the
 * answer as a kind with numbers, the library's raw text); `describeSources` words the list in
 * both languages for error causes (the CLI and the wizard show the same lines), and the raw text
 * goes to the technical details only.
 */
import type { Lang } from './text';
import { OFFICIAL_MIRRORS } from './settings';

export type SourceAnswerKind =
  | 'not-found'
  | 'html'
  | 'html-listing'
  | 'bad-content'
  | 'http'
  | 'timeout'
  | 'refused'
  | 'dns'
  | 'reset'
  | 'tls'
  | 'proxy'
  | 'network'
  | 'not-listing'
  | 'unreadable';

export interface SourceTried {
  /** the address asked (a file URL or a listing URL) */
  url: string;
  /** one of the public Go sites (go.dev, dl.google.com, golang.google.cn), not the user's mirror */
  official: boolean;
  /** a listing file on disk rather than a web address */
  file?: boolean;
  answer: SourceAnswerKind;
  /** HTTP status for not-found / http */
  status?: number;
  /** seconds without data for timeout */
  seconds?: number;
  /** how many times it was asked */
  tries?: number;
  /** the library's own words (EAI_AGAIN, ECONNREFUSED…): technical details only */
  raw?: string;
}

const OFFICIAL_HOSTS = new Set(['go.dev', 'golang.org', 'www.golang.org', 'dl.google.com', 'golang.google.cn']);

/** Whether an address belongs to the public Go sites. */
export function isOfficialSource(url: string): boolean {
  try {
    return OFFICIAL_HOSTS.has(new URL(url).hostname.toLowerCase());
  } catch {
    return false;
  }
}

/**
 * The mirror bases to try, by the settings' fallback policy: the user's mirrors; the public Go
 * sites only when no mirror is set, or when `publicFallback` allows them after the mirrors.
 */
export function sourcesByPolicy(mirrors: string[], publicFallback: boolean): string[] {
  if (mirrors.length === 0) return [...OFFICIAL_MIRRORS];
  return publicFallback ? [...mirrors, ...OFFICIAL_MIRRORS] : [...mirrors];
}

/** The answer kind for a network error text (errno codes from Node, our own NetError texts). */
export function classifyNetError(message: string): SourceAnswerKind {
  if (/ECONNREFUSED/.test(message)) return 'refused';
  if (/ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL/.test(message)) return 'dns';
  if (/ECONNRESET|EPIPE|socket hang up|aborted|connection closed|ended after/.test(message)) return 'reset';
  if (/CERT|SSL|TLS|self[- ]signed|certificate/i.test(message)) return 'tls';
  if (/proxy/i.test(message)) return 'proxy';
  if (/no data for|no answer within|ETIMEDOUT/.test(message)) return 'timeout';
  return 'network';
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

const ANSWERS: Record<SourceAnswerKind, { en: string; zh: string }> = {
  'not-found': { en: 'file not found ({status})', zh: '文件不存在（{status}）' },
  html: { en: 'got a web page instead of the file — a proxy login page?', zh: '收到的是网页而不是文件——可能是代理的登录页？' },
  'html-listing': { en: 'got a web page instead of the list — a proxy login page?', zh: '收到的是网页而不是版本列表——可能是代理的登录页？' },
  'bad-content': { en: 'sent a file that is not the expected archive', zh: '发来的文件不是应有的压缩包' },
  http: { en: 'answered with error {status}', zh: '返回错误 {status}' },
  timeout: { en: 'no data for {seconds} s', zh: '{seconds} 秒内没有任何数据' },
  refused: { en: 'refused the connection — check the address and port', zh: '拒绝连接——请检查地址和端口' },
  dns: { en: 'this machine cannot find that host name', zh: '本机无法解析该主机名' },
  reset: { en: 'the connection broke off', zh: '连接中途断开' },
  tls: { en: 'the secure connection failed (certificate)', zh: '安全连接失败（证书问题）' },
  proxy: { en: 'the proxy refused or failed', zh: '代理拒绝了请求或出错' },
  network: { en: 'network error', zh: '网络错误' },
  'not-listing': { en: 'is not a list of Go releases', zh: '内容不是 Go 版本列表' },
  unreadable: { en: 'cannot be read', zh: '无法读取' },
};

/** One source's answer in words ("file not found (404)"), with the number of tries when more than one. */
export function sourceAnswerText(s: SourceTried, lang: Lang): string {
  const text = ANSWERS[s.answer][lang].replace('{status}', String(s.status ?? '')).replace('{seconds}', String(s.seconds ?? ''));
  if (!s.tries || s.tries < 2) return text;
  return lang === 'zh' ? `${text}（共尝试 ${s.tries} 次）` : `${text} (tried ${s.tries} times)`;
}

/** Who the source is: "your mirror 10.0.0.5:8080" / "the public Go site dl.google.com". */
export function sourceLabel(s: Pick<SourceTried, 'url' | 'official' | 'file'>, lang: Lang): string {
  if (s.file) return lang === 'zh' ? `版本列表文件 ${s.url}` : `the listing file ${s.url}`;
  const host = hostOf(s.url);
  if (lang === 'zh') return s.official ? `Go 官方站点 ${host}` : `您的镜像 ${host}`;
  return s.official ? `the public Go site ${host}` : `your mirror ${host}`;
}

/**
 * The list of sources and their answers, one line each, for an error cause. When the public Go
 * sites were left out by the settings, a last line says so.
 */
export function describeSources(list: SourceTried[], lang: Lang, publicSkipped = false): string {
  const lines = list.map((s) => `• ${sourceLabel(s, lang)}${lang === 'zh' ? '：' : ': '}${sourceAnswerText(s, lang)}`);
  if (publicSkipped) {
    lines.push(
      lang === 'zh'
        ? '• Go 官方站点：未尝试（设置中只使用您的镜像）'
        : '• the public Go sites: not tried (your settings use only your mirror)',
    );
  }
  return lines.join('\n');
}

/** Params for a catalog error: `tried` (English lines), `triedZh`, `count`, and the raw texts for details. */
export function sourcesParams(list: SourceTried[], publicSkipped = false): { tried: string; triedZh: string; count: number } {
  return { tried: describeSources(list, 'en', publicSkipped), triedZh: describeSources(list, 'zh', publicSkipped), count: list.length };
}

/** The raw library texts of each source, for the technical details. */
export function sourcesDetail(list: SourceTried[]): string {
  return list.map((s) => `${s.url}: ${s.answer}${s.status ? ` ${s.status}` : ''}${s.raw ? ` — ${s.raw}` : ''}${s.tries ? ` (${s.tries} tries)` : ''}`).join('\n');
}
