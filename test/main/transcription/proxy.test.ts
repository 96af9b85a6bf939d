import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transcriptionFetch } from '../../../src-main/transcription/proxy';
import { startConnectProxy } from '../../support/connect-proxy';

// Two local servers answer who they are; a real proxy on 127.0.0.1 records every host it is asked to reach. Nothing
// leaves the machine. 127.0.0.2 stands for "a server that is not loopback by name": it is not exempt by default.
let local: { server: Server; url: string };
let other: { server: Server; url: string } | undefined;
let proxy: Awaited<ReturnType<typeof startConnectProxy>>;

async function listen(host: string): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) => res.end(`hello from ${host}`));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { server, url: `http://${host}:${address.port}/v1` };
}

beforeAll(async () => {
  local = await listen('127.0.0.1');
  // The whole 127/8 block is loopback on Linux; elsewhere 127.0.0.2 may not exist, and those cases are skipped.
  other = await listen('127.0.0.2').catch(() => undefined);
  proxy = await startConnectProxy();
});
afterAll(async () => {
  await proxy.close();
  for (const s of [local, other]) s?.server.close();
});

async function get(fetchFn: typeof fetch | undefined, url: string): Promise<string> {
  const reply = await (fetchFn ?? fetch)(url);
  return reply.text();
}

function proxiedCount(run: () => Promise<unknown>): Promise<number> {
  const before = proxy.targets.length;
  return run().then(() => proxy.targets.length - before);
}

describe('which proxy the transcription requests use', () => {
  it('sends every request through the proxyUrl setting, even to a local server (the person asked for it)', async () => {
    const viaSetting = transcriptionFetch({ setting: proxy.url, env: { HTTPS_PROXY: 'http://127.0.0.1:1' } });
    let text = '';
    expect(await proxiedCount(async () => (text = await get(viaSetting, local.url)))).toBe(1);
    expect(text).toBe('hello from 127.0.0.1');
    expect(proxy.targets.at(-1)).toBe(new URL(local.url).host);
  });

  it('connects directly when no proxy is set, and ignores a SOCKS proxy rather than failing every request', () => {
    expect(transcriptionFetch({ setting: '', env: {} })).toBeUndefined();
    expect(transcriptionFetch({ setting: ' ', env: { HTTPS_PROXY: 'socks5://127.0.0.1:1080' } })).toBeUndefined();
  });

  it('never tunnels a loopback server through a proxy from the environment', async () => {
    const fromEnv = transcriptionFetch({ setting: '', env: { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url } });
    let text = '';
    expect(await proxiedCount(async () => (text = await get(fromEnv, local.url)))).toBe(0);
    expect(text).toBe('hello from 127.0.0.1');
  });

  it.skipIf(process.platform !== 'linux')(
    'uses HTTP(S)_PROXY for other hosts, unless NO_PROXY names them',
    async () => {
      if (!other) throw new Error('127.0.0.2 is loopback on Linux');
      const url = other.url;
      const proxied = transcriptionFetch({ setting: '', env: { http_proxy: proxy.url } });
      let text = '';
      expect(await proxiedCount(async () => (text = await get(proxied, url)))).toBe(1);
      expect(text).toBe('hello from 127.0.0.2');
      expect(proxy.targets.at(-1)).toBe(new URL(url).host);

      for (const noProxy of ['127.0.0.2', `127.0.0.2:${new URL(url).port}`, 'example.org, 127.0.0.2']) {
        const exempt = transcriptionFetch({ setting: '', env: { HTTP_PROXY: proxy.url, NO_PROXY: noProxy } });
        expect(await proxiedCount(async () => (text = await get(exempt, url)))).toBe(0);
        expect(text).toBe('hello from 127.0.0.2');
      }
      // NO_PROXY for another port of the same host still goes through the proxy.
      const otherPort = transcriptionFetch({ setting: '', env: { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.2:1' } });
      expect(await proxiedCount(() => get(otherPort, url))).toBe(1);
    },
  );

  it.skipIf(process.platform !== 'linux')(
    'reads the proxy variables in either case (lower case first), with any http(s) scheme spelling, and only those given',
    async () => {
      if (!other) throw new Error('127.0.0.2 is loopback on Linux');
      const url = other.url;
      const through = async (env: Record<string, string | undefined>) =>
        proxiedCount(() => get(transcriptionFetch({ setting: '', env }), url));
      expect(await through({ HTTP_PROXY: ` ${proxy.url.toUpperCase()} ` })).toBe(1);
      // The lower-case variable wins, as curl does: an upper-case SOCKS left over from elsewhere does not stop it.
      expect(await through({ http_proxy: proxy.url, HTTP_PROXY: 'socks5://127.0.0.1:1' })).toBe(1);
      expect(await through({ http_proxy: 'socks5://127.0.0.1:1', HTTP_PROXY: proxy.url })).toBe(0);
      // NO_PROXY in lower case, and blank entries, are honoured too.
      expect(await through({ HTTP_PROXY: proxy.url, no_proxy: '127.0.0.2' })).toBe(0);
      expect(await through({ HTTP_PROXY: proxy.url, no_proxy: ' ' })).toBe(1);
      // The process's own environment is never read: only the env passed in counts.
      const saved = process.env.HTTP_PROXY;
      process.env.HTTP_PROXY = proxy.url;
      try {
        expect(transcriptionFetch({ setting: '', env: {} })).toBeUndefined();
        expect(await through({ HTTPS_PROXY: proxy.url })).toBe(0);
      } finally {
        if (saved === undefined) delete process.env.HTTP_PROXY;
        else process.env.HTTP_PROXY = saved;
      }
    },
  );

  it.skipIf(process.platform !== 'linux')(
    'sends an https request through HTTP_PROXY when HTTPS_PROXY is not set',
    async () => {
      if (!other) throw new Error('127.0.0.2 is loopback on Linux');
      const host = new URL(other.url).host;
      const viaHttpProxy = transcriptionFetch({ setting: '', env: { HTTP_PROXY: proxy.url } });
      // The plain-HTTP server cannot speak TLS, so the request fails; what counts is that the proxy was asked.
      const count = await proxiedCount(() => get(viaHttpProxy, `https://${host}/v1`).catch(() => undefined));
      expect(count).toBe(1);
      expect(proxy.targets.at(-1)).toBe(host);
    },
  );
});
