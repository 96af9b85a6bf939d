import { describe, expect, it } from 'vitest';
import { appPageUrl } from '../../../src-main/electron/renderer-files';
import { isAppUrl, shouldGrantPermission } from '../../../src-main/electron/trust-policy';

const packaged = { rendererUrl: appPageUrl('index.html'), overlayUrl: appPageUrl('overlay.html') };
const dev = { rendererUrl: 'http://localhost:5173' };

describe('what the app trusts', () => {
  it('trusts its own window and overlay at app://sokhan, by URL or by origin', () => {
    expect(packaged.rendererUrl).toBe('app://sokhan/index.html');
    for (const url of ['app://sokhan/index.html', 'app://sokhan/index.html#settings', 'app://sokhan/overlay.html']) {
      expect(isAppUrl(url, packaged), url).toBe(true);
    }
    // Permission checks carry only the origin.
    expect(isAppUrl('app://sokhan', packaged)).toBe(true);
  });

  it('trusts no file:// page (they all share one origin), no other app:// host and no web page', () => {
    for (const url of [
      'file:///opt/SokhanNegar/resources/app.asar/out/renderer/index.html',
      'file:///home/me/Downloads/evil.html',
      'file:///',
      'app://evil/index.html',
      'app:///index.html',
      'https://sokhan/index.html',
      'http://localhost:5173/',
      'not a url',
      '',
    ]) {
      expect(isAppUrl(url, packaged), url).toBe(false);
    }
  });

  it('trusts no page without a host, even if the app were set to load its window from one', () => {
    const fromFile = { rendererUrl: 'file:///opt/SokhanNegar/index.html' };
    expect(isAppUrl('file:///opt/SokhanNegar/index.html', fromFile)).toBe(false);
    expect(isAppUrl('file:///home/me/Downloads/evil.html', fromFile)).toBe(false);
    // a file:// URL may name a host (a network share): still never trusted
    const fromShare = { rendererUrl: 'file://nas/share/index.html' };
    expect(isAppUrl('file://nas/share/evil.html', fromShare)).toBe(false);
    const hostless = { rendererUrl: 'app:///index.html' };
    expect(isAppUrl('app:///evil.html', hostless)).toBe(false);
    expect(
      shouldGrantPermission({ permission: 'media', mediaTypes: ['audio'], requestingUrl: 'app:///x' }, hostless),
    ).toBe(false);
  });

  it('trusts the development server by origin only', () => {
    expect(isAppUrl('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5173', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppUrl('https://localhost:5173/', dev)).toBe(false);
    expect(isAppUrl('https://example.com/', dev)).toBe(false);
    expect(isAppUrl('app://sokhan/index.html', dev)).toBe(false);
  });

  it('grants the microphone to the app page and nothing else', () => {
    for (const [origin, page] of [
      [packaged, packaged.rendererUrl],
      [packaged, 'app://sokhan'],
      [dev, 'http://localhost:5173/'],
    ] as const) {
      const ask = (permission: string, mediaTypes?: string[]) =>
        shouldGrantPermission({ permission, mediaTypes, requestingUrl: page }, origin);
      expect(ask('media', ['audio'])).toBe(true);
      expect(ask('media', ['audio', 'video'])).toBe(false);
      expect(ask('media', ['video'])).toBe(false);
      expect(ask('media', ['unknown'])).toBe(false);
      expect(ask('media', [])).toBe(false);
      expect(ask('media')).toBe(false);
      for (const other of ['geolocation', 'notifications', 'display-capture', 'clipboard-read', 'openExternal', 'hid'])
        expect(ask(other), other).toBe(false);
      // Only a 'media' request can carry the microphone, whatever media types another one names.
      expect(ask('display-capture', ['audio'])).toBe(false);
      // "Copy all" writes the transcript with navigator.clipboard.writeText.
      expect(ask('clipboard-sanitized-write')).toBe(true);
    }
    for (const foreign of ['https://example.com/', 'file:///tmp/evil.html', 'app://evil', 'http://localhost:5174']) {
      expect(
        shouldGrantPermission({ permission: 'media', mediaTypes: ['audio'], requestingUrl: foreign }, packaged),
      ).toBe(false);
      expect(shouldGrantPermission({ permission: 'clipboard-sanitized-write', requestingUrl: foreign }, dev)).toBe(
        false,
      );
    }
  });
});
