import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { signatureClock, signaturePolicy } from '../../shared/signing';
import { choiceOption, systemListOption, trustScope } from './options';

const thrown = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof AppError ? { code: e.code, message: e.params.message } : e;
  }
  return null;
};

describe('shared option handling', () => {
  it('a word option: the word, undefined when not given, BAD_USAGE naming every word otherwise', () => {
    expect(choiceOption(signaturePolicy.options, 'require', '--signature-policy')).toBe('require');
    expect(choiceOption(signaturePolicy.options, undefined, '--signature-policy')).toBeUndefined();
    expect(thrown(() => choiceOption(signaturePolicy.options, 'strict', '--signature-policy'))).toEqual({ code: 'BAD_USAGE', message: '--signature-policy is off, warn or require, not "strict"' });
    expect(thrown(() => choiceOption(signatureClock.options, 'utc', '--clock'))).toEqual({ code: 'BAD_USAGE', message: '--clock is signing-time or this-clock, not "utc"' });
    expect(thrown(() => choiceOption(['auto', 'never', 'always'] as const, '', '--split'))).toEqual({ code: 'BAD_USAGE', message: '--split is auto, never or always, not ""' });
  });
  it('--system picks the machine’s list, else the user’s', () => {
    expect(trustScope({ system: true })).toBe('system');
    expect(trustScope({})).toBe('user');
    expect(systemListOption(false)[0]).toBe('--system');
  });
});
