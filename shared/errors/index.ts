import { commonErrors } from './common';
import { platformErrors } from './platform';
import { releasesErrors } from './releases';
import { downloadErrors } from './download';
import { bundleErrors } from './bundle';
import { installErrors } from './install';
import { environmentErrors } from './environment';
import { verifyErrors } from './verify';
import { modulesErrors } from './modules';
import { diagnoseErrors } from './diagnose';
import { settingsErrors } from './settings';
import { signingErrors } from './signing';
import type { ErrorSpec } from './define';
import { localize, type LocalText } from '../text';

/** The whole error catalog: one stable code per failure a person can see. */
export const ERRORS = {
  ...commonErrors,
  ...platformErrors,
  ...releasesErrors,
  ...downloadErrors,
  ...bundleErrors,
  ...installErrors,
  ...environmentErrors,
  ...verifyErrors,
  ...modulesErrors,
  ...diagnoseErrors,
  ...settingsErrors,
  ...signingErrors,
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;
export type ErrorParams = Record<string, string | number>;

/** What crosses process boundaries (IPC, the loopback bridge, the CLI's --json). */
export interface AppErrorData {
  code: ErrorCode;
  exit: 1 | 2;
  title: LocalText;
  cause: LocalText;
  fix: LocalText;
  /** Technical detail for the "details" toggle and support bundles (stack, errno, command output). */
  detail?: string;
  params?: ErrorParams;
}

/**
 * The one error type that reaches people. Engine code throws it with a catalog code and the
 * parameters its texts need; everything else is wrapped into INTERNAL (or a known errno code)
 * by `toAppError`.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;
  readonly detail?: string;

  constructor(code: ErrorCode, params: ErrorParams = {}, detail?: string, options?: { cause?: unknown }) {
    const spec: ErrorSpec = ERRORS[code];
    super(`${code}: ${localize(spec.cause, params).en}`, options);
    this.name = 'AppError';
    this.code = code;
    this.params = params;
    this.detail = detail;
  }

  get exit(): 1 | 2 {
    return (ERRORS[this.code] as ErrorSpec).exit;
  }

  toData(): AppErrorData {
    const spec: ErrorSpec = ERRORS[this.code];
    return {
      code: this.code,
      exit: spec.exit,
      title: localize(spec.title, this.params),
      cause: localize(spec.cause, this.params),
      fix: localize(spec.fix, this.params),
      detail: this.detail ?? (this.cause instanceof Error ? this.cause.stack : undefined),
      params: this.params,
    };
  }
}

export function isAppErrorData(value: unknown): value is AppErrorData {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AppErrorData).code === 'string' &&
    typeof (value as AppErrorData).title === 'object'
  );
}

/** Map any thrown value to an AppError, turning well-known errno codes into their catalog entries. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as (Error & { code?: string; path?: string }) | undefined;
  const detail = e instanceof Error ? (e.stack ?? e.message) : String(err);
  if (e && typeof e === 'object') {
    if (e.name === 'AbortError' || e.code === 'ABORT_ERR') return new AppError('CANCELLED', {}, detail, { cause: err });
    const path = typeof e.path === 'string' ? e.path : '';
    if (e.code === 'ENOSPC' || e.code === 'EDQUOT') return new AppError('NO_SPACE', { path }, detail, { cause: err });
    if (e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'EROFS')
      return new AppError('NO_PERMISSION', { path }, detail, { cause: err });
  }
  const message = e instanceof Error ? e.message : String(err);
  return new AppError('INTERNAL', { message }, detail, { cause: err });
}
