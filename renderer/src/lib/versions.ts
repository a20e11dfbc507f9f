/** "go1.19.8" → "1.19.8" for texts that already say "Go" (never "Go go1.19.8"); other strings unchanged. */
export function goNumber(version: string | null | undefined): string {
  return (version ?? '').replace(/^go(?=\d)/, '');
}
