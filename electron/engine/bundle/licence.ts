/**
 * Which licence a module's LICENSE file carries, for the SBOM: a small classifier over the text.
 * Each licence is recognised by phrases that only its own text has (compared with case, spacing
 * and punctuation flattened), checked most specific first, so BSD-3 is never taken for BSD-2 and
 * a file that merely mentions "MIT" is not MIT. Anything else is "unknown": the SBOM never guesses.
 */

/** SPDX id, or 'unknown' (a licence file was found but not recognised, or none was found). */
export type LicenceId = 'MIT' | 'BSD-3-Clause' | 'BSD-2-Clause' | 'Apache-2.0' | 'ISC' | 'MPL-2.0' | 'unknown';

/** Names of a module's licence file at its root, in the order they are tried. */
export const LICENCE_FILE = /^(LICEN[CS]E|COPYING)(\.(md|txt|rst))?$/i;

const flat = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

const RULES: Array<{ id: Exclude<LicenceId, 'unknown'>; all: string[] }> = [
  { id: 'Apache-2.0', all: ['apache license', 'version 2 0', 'grant of patent license'] },
  { id: 'MPL-2.0', all: ['mozilla public license version 2 0'] },
  // the third clause (no endorsement) is what tells BSD-3 from BSD-2
  { id: 'BSD-3-Clause', all: ['redistribution and use in source and binary forms', 'neither the name of', 'may be used to endorse or promote products derived from this software'] },
  { id: 'BSD-2-Clause', all: ['redistribution and use in source and binary forms', 'redistributions in binary form must reproduce the above copyright notice'] },
  { id: 'MIT', all: ['permission is hereby granted free of charge to any person obtaining a copy', 'the above copyright notice and this permission notice shall be included'] },
  { id: 'ISC', all: ['permission to use copy modify and or distribute this software for any purpose with or without fee is hereby granted'] },
];

/** Every licence whose text is in this file (a BSD-3 text is not also counted as BSD-2). */
export function licenceCandidates(text: string): Array<Exclude<LicenceId, 'unknown'>> {
  const t = flat(text);
  const found = RULES.filter((r) => r.all.every((p) => t.includes(p))).map((r) => r.id);
  return found.includes('BSD-3-Clause') ? found.filter((id) => id !== 'BSD-2-Clause') : found;
}

/**
 * The licence of one licence file's text: 'unknown' when no rule matches, and also when the file
 * holds several licences (dual licensing, or notices of bundled code): which applies is a
 * reading the SBOM must not guess; `licenceCandidates` lists them.
 */
export function classifyLicence(text: string): LicenceId {
  const found = licenceCandidates(text);
  return found.length === 1 ? found[0]! : 'unknown';
}
