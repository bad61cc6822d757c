// Regenerates the app icons from icon.svg: `npx tsx build/make-icons.ts` after editing the drawing.
// Chromium (the same one the tests use, never a downloaded one) renders each size; the .ico and .icns
// containers are written here, both holding PNG images, which Windows Vista+ and macOS 10.7+ read.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';

const here = (file: string) => new URL(file, import.meta.url);
const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512];
const ICO_SIZES = [16, 32, 48, 256];
/** icns element types holding PNG data of each size in pixels: 1x, then the @2x (Retina) twins. */
const ICNS_TYPES: [string, number][] = [
  ['icp4', 16], ['icp5', 32], ['ic07', 128], ['ic08', 256], ['ic09', 512],
  ['ic11', 32], ['ic12', 64], ['ic13', 256], ['ic14', 512], ['ic10', 1024],
];

const svg = readFileSync(here('./icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const png = new Map<number, Buffer>();
try {
  const page = await browser.newPage();
  const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  for (const size of new Set([...LINUX_SIZES, ...ICO_SIZES, ...ICNS_TYPES.map(([, s]) => s)])) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<body style="margin:0;background:transparent"><img src="${src}" width="${size}" height="${size}" style="display:block"></body>`);
    png.set(size, await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } }));
  }
} finally {
  await browser.close();
}

mkdirSync(here('./icons/'), { recursive: true });
for (const size of LINUX_SIZES) writeFileSync(here(`./icons/${size}x${size}.png`), png.get(size)!);
writeFileSync(here('./icon.png'), png.get(512)!);
writeFileSync(here('./icon.ico'), ico(ICO_SIZES.map((s) => [s, png.get(s)!])));
writeFileSync(here('./icon.icns'), icns(ICNS_TYPES.map(([type, s]) => [type, png.get(s)!])));

/** ICONDIR, one 16-byte ICONDIRENTRY per image (a size of 256 is written as 0), then the PNGs. */
function ico(images: [number, Buffer][]): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(([size, data], i) => {
    const at = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, at);
    header.writeUInt8(size >= 256 ? 0 : size, at + 1);
    header.writeUInt16LE(1, at + 4); // colour planes
    header.writeUInt16LE(32, at + 6); // bits per pixel
    header.writeUInt32LE(data.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...images.map(([, data]) => data)]);
}

/** "icns" and the file length, then per image its type, its length with this 8-byte header, and the PNG. */
function icns(images: [string, Buffer][]): Buffer {
  const parts = images.map(([type, data]) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(8 + data.length, 4);
    return Buffer.concat([head, data]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + parts.reduce((n, p) => n + p.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}
