import { describe, expect, it } from 'vitest';
import { isAppUrl, shouldGrantPermission } from '../../../src-main/electron/trust-policy';

const packaged = { rendererUrl: 'file:///opt/SokhanNegar/resources/app.asar/out/renderer/index.html' };
const dev = { rendererUrl: 'http://localhost:5173' };

describe('what the app trusts', () => {
  it('trusts only its own renderer page', () => {
    expect(isAppUrl('file:///opt/SokhanNegar/resources/app.asar/out/renderer/index.html', packaged)).toBe(true);
    expect(isAppUrl('file:///opt/SokhanNegar/resources/app.asar/out/renderer/index.html#settings', packaged)).toBe(
      true,
    );
    expect(isAppUrl('file:///home/me/Downloads/evil.html', packaged)).toBe(false);
    expect(isAppUrl('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppUrl('https://example.com/', dev)).toBe(false);
    expect(isAppUrl('not a url', dev)).toBe(false);
  });

  it('trusts the overlay page beside the renderer, and no other file, nor the same path served from elsewhere', () => {
    const withOverlay = {
      ...packaged,
      overlayUrl: 'file:///opt/SokhanNegar/resources/app.asar/out/renderer/overlay.html',
    };
    expect(isAppUrl(withOverlay.overlayUrl, withOverlay)).toBe(true);
    expect(isAppUrl(withOverlay.overlayUrl, packaged)).toBe(false);
    expect(isAppUrl('file:///home/me/Downloads/evil.html', withOverlay)).toBe(false);
    expect(isAppUrl('https://evil.example/opt/SokhanNegar/resources/app.asar/out/renderer/index.html', packaged)).toBe(
      false,
    );
  });

  it('grants the microphone to the app page and nothing else', () => {
    const page = packaged.rendererUrl;
    expect(shouldGrantPermission({ permission: 'media', mediaTypes: ['audio'], requestingUrl: page }, packaged)).toBe(
      true,
    );
    expect(
      shouldGrantPermission({ permission: 'media', mediaTypes: ['audio', 'video'], requestingUrl: page }, packaged),
    ).toBe(false);
    expect(shouldGrantPermission({ permission: 'media', mediaTypes: ['video'], requestingUrl: page }, packaged)).toBe(
      false,
    );
    expect(shouldGrantPermission({ permission: 'media', mediaTypes: [], requestingUrl: page }, packaged)).toBe(false);
    expect(shouldGrantPermission({ permission: 'geolocation', requestingUrl: page }, packaged)).toBe(false);
    expect(shouldGrantPermission({ permission: 'notifications', requestingUrl: page }, packaged)).toBe(false);
    // Naming audio does not turn another permission into the microphone.
    expect(
      shouldGrantPermission({ permission: 'display-capture', mediaTypes: ['audio'], requestingUrl: page }, packaged),
    ).toBe(false);
    expect(
      shouldGrantPermission(
        { permission: 'media', mediaTypes: ['audio'], requestingUrl: 'https://example.com/' },
        packaged,
      ),
    ).toBe(false);
  });
});
