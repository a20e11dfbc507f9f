import type { LocalText } from '../text';

/**
 * One entry of the error catalog. Every failure that can reach a person has one: a stable code,
 * a plain title, the cause and the fix in both languages, and the CLI exit status it maps to
 * (1: a check or verification failed; 2: bad usage or bad input).
 * Texts may contain `{param}` placeholders filled from AppError params.
 */
export interface ErrorSpec {
  exit: 1 | 2;
  title: LocalText;
  cause: LocalText;
  fix: LocalText;
}

export function defineErrors<T extends Record<string, ErrorSpec>>(specs: T): T {
  return specs;
}
