/**
 * Renders the SVG icons in assets/ to the PNG sizes Electron and electron-builder use, with Debian's Chromium.
 * Run after editing an SVG: `npx tsx scripts/render-icons.ts`.
 */
import { readFileSync } from 'node:fs';
import { launchChromium } from '../test/support/chromium';

const RENDERS: Array<{ svg: string; png: string; size: number }> = [
  { svg: 'assets/icon.svg', png: 'assets/icon.png', size: 512 },
  ...['idle', 'recording', 'sending', 'warning'].flatMap((state) => [
    { svg: `assets/tray-${state}.svg`, png: `assets/tray-${state}.png`, size: 16 },
    { svg: `assets/tray-${state}.svg`, png: `assets/tray-${state}@2x.png`, size: 32 },
  ]),
];

const browser = await launchChromium();
for (const { svg, png, size } of RENDERS) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  const data = Buffer.from(readFileSync(svg)).toString('base64');
  await page.setContent(
    `<body style="margin:0;background:transparent"><img src="data:image/svg+xml;base64,${data}" ` +
      `width="${size}" height="${size}"></body>`,
  );
  await page.screenshot({ path: png, omitBackground: true });
  await page.close();
}
await browser.close();
console.log(`rendered ${RENDERS.length} icons`);
