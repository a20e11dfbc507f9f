/**
 * Marked blocks in text files (pure functions). A block is the lines from
 * `# >>> go-offline >>>` to `# <<< go-offline <<<`. It is written once however often install
 * runs (replaced in place), with LF line endings (see `upsertBlock`), and removing it gives back
 * the file byte-for-byte as it was before the block was added.
 */
export const BLOCK_START = '# >>> go-offline >>>';
export const BLOCK_END = '# <<< go-offline <<<';

export type Eol = '\n' | '\r\n';

export class BrokenBlockError extends Error {
  constructor() {
    super('unbalanced go-offline block markers');
    this.name = 'BrokenBlockError';
  }
}

/** The file's line ending: CRLF when it has any CRLF, else LF. */
export function detectEol(text: string): Eol {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

interface Span {
  /** index of the first character of the start marker line */
  start: number;
  /** index just after the end marker line's line ending (or end of text) */
  end: number;
}

function findBlock(text: string): Span | null {
  const lines = splitKeep(text);
  let pos = 0;
  let start = -1;
  for (const line of lines) {
    const bare = line.replace(/\r?\n$/, '').trim();
    if (bare === BLOCK_START) {
      if (start !== -1) throw new BrokenBlockError();
      start = pos;
    } else if (bare === BLOCK_END) {
      if (start === -1) throw new BrokenBlockError();
      return { start, end: pos + line.length };
    }
    pos += line.length;
  }
  if (start !== -1) throw new BrokenBlockError();
  return null;
}

/** Lines with their line endings kept. */
function splitKeep(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

export function hasBlock(text: string): boolean {
  return findBlock(text) !== null;
}

/** The block's content lines (without markers), or null. */
export function readBlock(text: string): string[] | null {
  const span = findBlock(text);
  if (!span) return null;
  const inner = text.slice(span.start, span.end).split(/\r?\n/);
  const endIdx = inner.findIndex((l, i) => i > 0 && l.trim() === BLOCK_END);
  return inner.slice(1, endIdx);
}

export function renderBlock(body: string[], eol: Eol): string {
  return [BLOCK_START, ...body, BLOCK_END].join(eol) + eol;
}

/**
 * Insert or replace our block, always with LF line endings: sh, bash, zsh, fish and Go all read a
 * CR as part of the line (bash: "syntax error near unexpected token"), so a CRLF file keeps its
 * own lines as they are and gets an LF block. A new block goes at the end; when the file does not
 * end with a line break we add one LF first and say so (`addedLeadingNewline`) so removal can
 * take exactly that away.
 */
export function upsertBlock(text: string, body: string[], addedLeadingNewline = false): { text: string; changed: boolean; addedLeadingNewline: boolean; replaced: boolean } {
  const block = renderBlock(body, '\n');
  const span = findBlock(text);
  if (span) {
    let start = span.start;
    // a CRLF block an older version wrote after adding CRLF to a file without a final line break:
    // the added line break becomes LF too, so that removing the block later takes exactly it away
    if (addedLeadingNewline && span.end === text.length && text.slice(span.start, span.end).includes('\r\n') && text.slice(0, start).endsWith('\r\n')) start -= 2;
    const sep = start === span.start ? '' : '\n';
    const next = text.slice(0, start) + sep + block + text.slice(span.end);
    return { text: next, changed: next !== text, addedLeadingNewline: false, replaced: true };
  }
  const needsNl = text.length > 0 && !text.endsWith('\n');
  const next = text + (needsNl ? '\n' : '') + block;
  return { text: next, changed: true, addedLeadingNewline: needsNl, replaced: false };
}

/**
 * Remove our block; with `addedLeadingNewline`, also the line break we added before it: one LF,
 * or CRLF for a block an older version wrote in a CRLF file's own line endings.
 */
export function removeBlock(text: string, addedLeadingNewline = false): { text: string; changed: boolean } {
  const span = findBlock(text);
  if (!span) return { text, changed: false };
  let start = span.start;
  if (addedLeadingNewline && span.end === text.length) {
    const before = text.slice(0, start);
    const crlfBlock = text.slice(span.start, span.end).includes('\r\n');
    if (crlfBlock && before.endsWith('\r\n')) start -= 2;
    else if (before.endsWith('\n')) start -= 1;
  }
  return { text: text.slice(0, start) + text.slice(span.end), changed: true };
}
