import { describe, expect, it } from 'vitest';
import { resolveProxyUrl } from '../../../src-main/transcription/proxy';

const openai = 'https://api.openai.com/v1';

describe('which proxy the transcription requests use', () => {
  it('uses the setting first, even for a local server (the person asked for it)', () => {
    expect(
      resolveProxyUrl({
        setting: 'http://127.0.0.1:10809',
        env: { HTTPS_PROXY: 'http://other:8080' },
        targetUrl: openai,
      }),
    ).toBe('http://127.0.0.1:10809');
    expect(resolveProxyUrl({ setting: 'http://127.0.0.1:10809', env: {}, targetUrl: 'http://127.0.0.1:8000/v1' })).toBe(
      'http://127.0.0.1:10809',
    );
  });

  it('falls back to HTTPS_PROXY / https_proxy / HTTP_PROXY from the environment', () => {
    expect(resolveProxyUrl({ setting: '', env: { https_proxy: 'http://127.0.0.1:8118' }, targetUrl: openai })).toBe(
      'http://127.0.0.1:8118',
    );
    expect(resolveProxyUrl({ setting: '', env: { HTTP_PROXY: 'http://proxy.lan:3128' }, targetUrl: openai })).toBe(
      'http://proxy.lan:3128',
    );
    expect(resolveProxyUrl({ setting: '', env: {}, targetUrl: openai })).toBeUndefined();
  });

  it('never tunnels a local server, and honours NO_PROXY', () => {
    const env = { HTTPS_PROXY: 'http://127.0.0.1:8118', NO_PROXY: 'internal.example, .corp.lan' };
    expect(resolveProxyUrl({ setting: '', env, targetUrl: 'http://localhost:8080/v1' })).toBeUndefined();
    expect(resolveProxyUrl({ setting: '', env, targetUrl: 'http://127.0.0.1:8080/v1' })).toBeUndefined();
    expect(resolveProxyUrl({ setting: '', env, targetUrl: 'http://[::1]:8080/v1' })).toBeUndefined();
    expect(resolveProxyUrl({ setting: '', env, targetUrl: 'https://internal.example/v1' })).toBeUndefined();
    expect(resolveProxyUrl({ setting: '', env, targetUrl: 'https://whisper.corp.lan/v1' })).toBeUndefined();
    expect(resolveProxyUrl({ setting: '', env, targetUrl: openai })).toBe('http://127.0.0.1:8118');
  });

  it('ignores a SOCKS proxy from the environment rather than failing every request', () => {
    expect(
      resolveProxyUrl({ setting: '', env: { HTTPS_PROXY: 'socks5://127.0.0.1:1080' }, targetUrl: openai }),
    ).toBeUndefined();
  });
});
