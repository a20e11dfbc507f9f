/**
 * Engine values that fill a text template (diagnose findings' `{placeholders}`) worded for the
 * language they are shown in: fixed engine words ("none", "default", "login"…) and network error
 * texts (ECONNREFUSED, "ENOTFOUND getaddrinfo…") become plain words, so no engine English lands
 * in a Chinese sentence. The raw values stay in the evidence (technical details).
 */
import type { Lang } from './text';
import { classifyNetError, sourceAnswerText } from './sources';

const WORDS: Record<string, { en: string; zh: string }> = {
  none: { en: 'none', zh: '无' },
  'this program': { en: 'this program', zh: '本程序' },
  default: { en: 'default', zh: '默认值' },
  environment: { en: 'environment', zh: '环境变量' },
  'go env -w file': { en: 'go env -w file', zh: 'go env -w 文件' },
  login: { en: 'login', zh: '登录' },
  interactive: { en: 'interactive', zh: '交互式' },
  'no answer': { en: 'no answer', zh: '没有回应' },
};

/** Keys whose values are network error texts from a library. */
const ERROR_KEYS = /^(error|reachError|netError)$/;

function wordError(raw: string, lang: Lang): string {
  const kind = classifyNetError(raw);
  if (kind === 'timeout') {
    const s = /(\d+) ?s\b/.exec(raw)?.[1];
    if (!s) return WORDS['no answer']![lang];
    return sourceAnswerText({ url: '', official: false, answer: 'timeout', seconds: Number(s) }, lang);
  }
  if (kind === 'network' && WORDS[raw]) return WORDS[raw]![lang];
  return sourceAnswerText({ url: '', official: false, answer: kind }, lang);
}

/** One item of a list value: "this program", "bash (login)". */
function wordItem(v: string, lang: Lang): string {
  if (WORDS[v]) return WORDS[v]![lang];
  const m = /^(.*) \((login|interactive)\)$/.exec(v);
  if (m && lang === 'zh') return `${m[1]}（${WORDS[m[2]!]![lang]}）`;
  return v;
}

/** Template parameters in the words of one language (values not known here are kept as they are). */
export function wordParams(p: Record<string, string>, lang: Lang): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(p)) {
    if (ERROR_KEYS.test(k)) out[k] = wordError(v, lang);
    else if (WORDS[v]) out[k] = WORDS[v]![lang];
    else if (v.includes(', ')) out[k] = v.split(', ').map((x) => wordItem(x, lang)).join(lang === 'zh' ? '、' : ', ');
    else out[k] = wordItem(v, lang);
  }
  return out;
}
