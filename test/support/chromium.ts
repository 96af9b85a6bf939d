import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Where an installed Chromium or Chrome usually is: Debian's package first, then macOS and Windows installs. */
const KNOWN_PATHS = [
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

/**
 * An installed Chromium (CHROMIUM_PATH, else a known place); tests never let a tool download a browser.
 */
export function chromiumPath(): string {
  const found = [process.env.CHROMIUM_PATH ?? '', ...KNOWN_PATHS].find((path) => path !== '' && existsSync(path));
  if (!found)
    throw new Error('Chromium not found: apt-get install -y chromium, or set CHROMIUM_PATH to a Chromium/Chrome');
  return found;
}

/** Headless Chromium with the flags this offline machine needs; extra args e.g. for a fake microphone. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}
