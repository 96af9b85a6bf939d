import { describe, expect, it } from 'vitest';
import { createOpenAiTranscriber } from '../../../src-main/transcription/openai-transcriber';
import { proxiedFetch, resolveProxyUrl } from '../../../src-main/transcription/proxy';
import { startConnectProxy } from '../../support/connect-proxy';
import { testRequest, useFakeOpenAiServers } from '../../support/fake-openai-server';

const startServer = useFakeOpenAiServers();

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

  it('NO_PROXY matches whole host names and their subdomains, any port, and * for everything', () => {
    const proxy = 'http://127.0.0.1:8118';
    const via = (noProxy: string, targetUrl = openai) =>
      resolveProxyUrl({ setting: '', env: { HTTPS_PROXY: proxy, no_proxy: noProxy }, targetUrl });
    expect(via('openai.com')).toBeUndefined();
    expect(via('api.openai.com:443')).toBeUndefined();
    expect(via('*')).toBeUndefined();
    expect(via(' , ')).toBe(proxy);
    expect(via('notopenai.com')).toBe(proxy);
    expect(via('ai.com')).toBe(proxy);
    expect(via('.openai.com', 'https://openai.com/v1')).toBeUndefined();
    expect(resolveProxyUrl({ setting: '  ', env: { HTTPS_PROXY: `  ${proxy}  ` }, targetUrl: openai })).toBe(proxy);
    expect(resolveProxyUrl({ setting: '', env: { HTTPS_PROXY: '   ', http_proxy: proxy }, targetUrl: openai })).toBe(
      proxy,
    );
  });
});

describe('requests through the proxy', () => {
  it('reach the server through the tunnel, with the transcript coming back the same way', async () => {
    const server = await startServer();
    const proxy = await startConnectProxy();
    try {
      const transcriber = createOpenAiTranscriber({
        apiKey: 'k',
        baseUrl: server.baseUrl,
        model: 'whisper-1',
        fetch: proxiedFetch(proxy.url),
      });
      const result = await transcriber.transcribe(testRequest(1_500));
      expect(result.text).toContain('1.5');
      expect(proxy.targets).toEqual([new URL(server.baseUrl).host]);
      expect(server.requests).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });
});
