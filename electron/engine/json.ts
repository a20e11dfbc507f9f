/**
 * JSON from outside (a bundle's manifest.json, a received support bundle's report.json) parsed
 * with its nesting bounded first: V8 parses deeply nested arrays without a stack overflow, but
 * 20 MB of `[[[[…` then takes about a gigabyte of memory. Sizes are capped by the readers before
 * the text gets here (they stop reading at their limit).
 */

/** Deeper than any document we write (a bundle manifest is 4 levels deep, a diagnose report 5). */
export const MAX_JSON_DEPTH = 64;

/** Parse `text`; throws an Error with a plain message when it is nested deeper than `maxDepth` or is not JSON. */
export function parseJsonBounded(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) throw new Error(`nested more than ${maxDepth} levels deep (at character ${i + 1})`);
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return JSON.parse(text);
}
