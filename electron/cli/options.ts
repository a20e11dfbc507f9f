/**
 * Option handling the commands share: an option that takes one of a few words, and the trusted-key
 * list (`--system` or the user's) an option picks.
 */
import { AppError } from '../../shared/errors';

/**
 * The word given to an option that takes one of `words` (`--signature-policy`, `--clock`, a
 * `policy` argument), or undefined when it was not given; anything else is BAD_USAGE naming them.
 */
export function choiceOption<T extends string>(words: readonly T[], value: string | undefined, name: string): T | undefined {
  if (value === undefined) return undefined;
  if ((words as readonly string[]).includes(value)) return value as T;
  const list = words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}` : String(words[0]);
  throw new AppError('BAD_USAGE', { message: `${name} is ${list}, not "${value}"` });
}

/** Which trusted-key list `--system` picks: the machine's (administrators) or the user's. */
export function trustScope(opts: { system?: boolean }): 'system' | 'user' {
  return opts.system ? 'system' : 'user';
}

/** `--system` for commands that add to a trusted-key list. */
export function systemListOption(zh: boolean): [string, string] {
  return ['--system', zh ? '加入系统信任列表（管理员）' : 'into the machine-wide list (administrators)'];
}
