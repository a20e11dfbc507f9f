/**
 * English left on a Chinese screen: the visible words in Latin letters outside code, paths,
 * commands, product names and units. Used by the e2e walks of the Chinese screens.
 */
import type { Page } from 'playwright-core';

/** Product and technical names that keep their spelling in Chinese text, and units. */
export const LATIN_ALLOWED = new Set(
  (
    'Go go GitHub macOS Linux Windows FreeBSD Alpine Debian Ubuntu Fedora Apple Intel ARM Rosetta WOW64 Shell shell OpenPGP PGP SHA-256 SHA256SUMS USB U HTTP HTTPS URL JSON CLI ' +
    'go-offline Offline cgo vet gofmt glibc musl libc bash zsh fish sh PowerShell tar zip gzip MSI PKG xar ELF Mach-O PE CPU OS IP ID DNS TLS CA VS Code IDE GOOS GOARCH ' +
    'B KB MB GB TB KiB MiB GiB TiB s ms min h x64 amd64 arm64 armv6l 386 NTFS FAT32 exFAT ext4 APFS ASCII UTF-8 SDK API ' +
    'English manifest.json C cron goroutine goroutines bashrc profile zshrc zprofile bash_profile Homebrew asdf Markdown'
  ).split(' '),
);

/**
 * The Latin words on the page that are not allowed: each with a little of the text around it.
 * Skipped: code, pre, kbd, inputs, anything marked `data-latin-ok`, the language switch; words that
 * are paths, addresses, file names, versions, platform names or variable names.
 */
export async function latinLeaks(page: Page): Promise<string[]> {
  const texts = await page.evaluate(() => {
    const out: string[] = [];
    // facts of a machine (host name, distro, libc) are values, not words of ours
    const skip = 'code, pre, kbd, samp, script, style, svg, textarea, input, [data-latin-ok], [data-testid^="fact-"], .ant-segmented, [aria-hidden="true"], .ant-typography-copy';
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest(skip)) continue;
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden') continue;
      if (!el.getClientRects().length) continue;
      const t = (n.textContent ?? '').trim();
      if (t) out.push(t);
    }
    return out;
  });
  const leaks: string[] = [];
  for (const raw of texts) {
    // quoted messages are what a program prints, exactly as the user sees it in a terminal
    const t = raw.replace(/“[^”]*”|"[^"]*"|「[^」]*」/g, ' ').replace(/(\d) \([a-z]+\)/g, '$1'); // a release codename: 12 (bookworm)
    let prev = '';
    for (const m of t.matchAll(/[~./]*[A-Za-z][A-Za-z0-9_.+\-/:@~\\*$=,]*/g)) {
      const w = m[0].replace(/[.:,]+$/, '');
      const after = prev;
      prev = w;
      // a command written out: go version, go-offline uninstall
      if (after === 'go' || after === 'go-offline') continue;
      if (w.includes('=')) continue; // NAME=value
      if (!w || LATIN_ALLOWED.has(w)) continue;
      // paths, addresses, file names, versions, platforms, $VARIABLES, VARIABLE_NAMES, flags
      if (/[/\\]|:\/\/|@/.test(w) || w.startsWith('.')) continue; // paths, addresses, .extensions and dotfiles
      if (/\d/.test(w)) continue;
      if (/\.[a-z]{1,5}$/i.test(w) && w.includes('.')) continue;
      if (/^[A-Z][A-Z0-9_]{2,}$/.test(w) && !/^E[A-Z]{4,}$/.test(w)) continue;
      if (/^-{1,2}[a-z]/.test(w)) continue;
      if (/^[a-z]+-[a-z0-9-]+$/.test(w) && /^(linux|darwin|windows|freebsd|go|modules|verify)-/.test(w)) continue;
      leaks.push(`${w}  ←  “${t.slice(Math.max(0, (m.index ?? 0) - 20), (m.index ?? 0) + w.length + 20)}”`);
    }
  }
  return [...new Set(leaks)];
}
