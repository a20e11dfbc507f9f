/**
 * Regenerates the app icons in assets/ from assets/icon.svg (a copy of renderer/public/logo.svg):
 *
 *   assets/icon.png            1024×1024 (the source for every other size; window icon)
 *   assets/icons/<N>x<N>.png   16 24 32 48 64 128 256 512 (Linux: electron-builder's icon set)
 *   assets/icon.ico            Windows: 16–64 as 32-bit BMP entries, 128 and 256 as PNG entries
 *   assets/icon.icns           macOS: PNG entries 16–1024 (electron-builder's own png→icns
 *                              conversion downloads a toolset, so it cannot run offline)
 *
 * The SVG is rasterised by Debian's Chromium (playwright-core) straight at every size, so the small
 * sizes are drawn from the vector and not scaled down from a bitmap.
 *
 *   npx tsx scripts/make-icons.ts            (CHROMIUM_PATH overrides /usr/bin/chromium)
 *
 * The generated files are committed; run this again only when the logo changes.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;
/** ICO entries at or below this size are stored as BMP (DIB) for old tools (NSIS, resource editors). */
export const ICO_BMP_MAX = 64;
/** ICNS element types with PNG payloads, by pixel size. */
export const ICNS_TYPES: ReadonlyArray<[string, number]> = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

export interface Raster {
  size: number;
  png: Buffer;
  /** straight (not premultiplied) RGBA, row-major, top row first */
  rgba: Buffer;
}

/** A 32-bit BMP (DIB) as stored inside an ICO: header, bottom-up BGRA rows, then the AND mask. */
export function encodeIcoBmp(size: number, rgba: Buffer): Buffer {
  const maskRow = Math.ceil(size / 32) * 4;
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // XOR bitmap + AND mask
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(0, 16); // BI_RGB
  header.writeUInt32LE(size * size * 4 + maskRow * size, 20);
  const pixels = Buffer.alloc(size * size * 4);
  const mask = Buffer.alloc(maskRow * size);
  for (let y = 0; y < size; y++) {
    const row = size - 1 - y; // bottom-up
    for (let x = 0; x < size; x++) {
      const s = (y * size + x) * 4;
      const d = (row * size + x) * 4;
      pixels[d] = rgba[s + 2]!;
      pixels[d + 1] = rgba[s + 1]!;
      pixels[d + 2] = rgba[s]!;
      pixels[d + 3] = rgba[s + 3]!;
      if (rgba[s + 3] === 0) mask[row * maskRow + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return Buffer.concat([header, pixels, mask]);
}

/** The ICO container: ICONDIR, one ICONDIRENTRY per image, then the images. */
export function encodeIco(images: Array<{ size: number; data: Buffer }>): Buffer {
  const sorted = [...images].sort((a, b) => a.size - b.size);
  const dir = Buffer.alloc(6 + 16 * sorted.length);
  dir.writeUInt16LE(0, 0);
  dir.writeUInt16LE(1, 2); // 1 = icon
  dir.writeUInt16LE(sorted.length, 4);
  let offset = dir.length;
  sorted.forEach((img, i) => {
    const e = 6 + i * 16;
    dir[e] = img.size >= 256 ? 0 : img.size;
    dir[e + 1] = img.size >= 256 ? 0 : img.size;
    dir[e + 2] = 0; // no palette
    dir[e + 3] = 0;
    dir.writeUInt16LE(1, e + 4); // planes
    dir.writeUInt16LE(32, e + 6); // bits per pixel
    dir.writeUInt32LE(img.data.length, e + 8);
    dir.writeUInt32LE(offset, e + 12);
    offset += img.data.length;
  });
  return Buffer.concat([dir, ...sorted.map((i) => i.data)]);
}

/** The ICNS container: 'icns' + total length, then (type, length incl. 8-byte header, data). */
export function encodeIcns(elements: Array<{ type: string; data: Buffer }>): Buffer {
  const parts = elements.map(({ type, data }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 4, 'latin1');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 4, 'latin1');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

/** Rasterises an SVG at each size in Chromium: PNG bytes and RGBA pixels per size. */
export async function rasterize(svg: string, sizes: readonly number[], chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'): Promise<Map<number, Raster>> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html><body></body></html>');
    const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    // A string (not a function) so this file needs no DOM typings; runs in the page.
    const script = `(async () => {
      const img = new Image();
      img.src = ${JSON.stringify(src)};
      await img.decode();
      const out = [];
      for (const size of ${JSON.stringify([...sizes])}) {
        const canvas = document.createElement('canvas');
        canvas.width = size; canvas.height = size;
        const ctx = canvas.getContext('2d');
        ctx.imageSmoothingEnabled = true;
        ctx.imageSmoothingQuality = 'high';
        ctx.clearRect(0, 0, size, size);
        ctx.drawImage(img, 0, 0, size, size);
        const rgba = ctx.getImageData(0, 0, size, size).data;
        let bin = '';
        for (let i = 0; i < rgba.length; i += 0x8000) bin += String.fromCharCode.apply(null, rgba.subarray(i, i + 0x8000));
        out.push({ size, png: canvas.toDataURL('image/png').split(',')[1], rgba: btoa(bin) });
      }
      return out;
    })()`;
    const results = (await page.evaluate(script)) as Array<{ size: number; png: string; rgba: string }>;
    return new Map(results.map((r) => [r.size, { size: r.size, png: Buffer.from(r.png, 'base64'), rgba: Buffer.from(r.rgba, 'base64') }]));
  } finally {
    await browser.close();
  }
}

export async function makeIcons(root: string): Promise<string[]> {
  const assets = join(root, 'assets');
  const svg = await readFile(join(assets, 'icon.svg'), 'utf8');
  const sizes = [...new Set([...LINUX_SIZES, ...ICO_SIZES, ...ICNS_TYPES.map(([, s]) => s), 1024])].sort((a, b) => a - b);
  const r = await rasterize(svg, sizes);
  const get = (s: number) => r.get(s)!;
  const written: string[] = [];
  const put = async (rel: string, data: Buffer) => {
    await mkdir(dirname(join(assets, rel)), { recursive: true });
    await writeFile(join(assets, rel), data);
    written.push(`assets/${rel}`);
  };
  await put('icon.png', get(1024).png);
  for (const s of LINUX_SIZES) await put(`icons/${s}x${s}.png`, get(s).png);
  await put('icon.ico', encodeIco(ICO_SIZES.map((s) => ({ size: s, data: s <= ICO_BMP_MAX ? encodeIcoBmp(s, get(s).rgba) : get(s).png }))));
  await put('icon.icns', encodeIcns(ICNS_TYPES.map(([type, s]) => ({ type, data: get(s).png }))));
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  makeIcons(join(dirname(fileURLToPath(import.meta.url)), '..')).then(
    (files) => console.log(files.join('\n')),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
