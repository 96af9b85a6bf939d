import { fetch as undiciFetch, ProxyAgent } from 'undici';

/**
 * Which proxy the transcription requests go through: the proxyUrl setting if set (always used: the person asked for
 * it), else HTTPS_PROXY / https_proxy / HTTP_PROXY from the environment unless NO_PROXY or a loopback address
 * exempts the API's host (a local whisper server must not be sent through a tunnel). Users in regions OpenAI
 * blocks usually run a local HTTP proxy of their VPN tool; SOCKS proxies are not supported by the HTTP client.
 */
export function resolveProxyUrl(input: {
  setting: string;
  env: Record<string, string | undefined>;
  targetUrl: string;
}): string | undefined {
  if (input.setting.trim() !== '') return input.setting.trim();
  const { env } = input;
  const fromEnv = [env.HTTPS_PROXY, env.https_proxy, env.HTTP_PROXY, env.http_proxy].find((v) => v && v.trim() !== '');
  if (!fromEnv || !/^https?:\/\//i.test(fromEnv.trim())) return undefined;
  const host = new URL(input.targetUrl).hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (isLoopback(host) || exemptByNoProxy(host, env.NO_PROXY ?? env.no_proxy ?? '')) return undefined;
  return fromEnv.trim();
}

/** A fetch whose every request is tunnelled through the HTTP(S) proxy at `proxyUrl`. */
export function proxiedFetch(proxyUrl: string): typeof globalThis.fetch {
  const dispatcher = new ProxyAgent(proxyUrl);
  // undici's own fetch: the dispatcher must come from the same undici as the fetch that uses it.
  const viaProxy = (input: Parameters<typeof undiciFetch>[0], init?: Parameters<typeof undiciFetch>[1]) =>
    undiciFetch(input, { ...init, dispatcher });
  return viaProxy as unknown as typeof globalThis.fetch;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

function exemptByNoProxy(host: string, noProxy: string): boolean {
  return noProxy
    .split(',')
    .map((entry) => entry.trim().toLowerCase().replace(/:\d+$/, ''))
    .filter((entry) => entry !== '')
    .some(
      (entry) =>
        entry === '*' ||
        host === entry.replace(/^\./, '') ||
        host.endsWith(entry.startsWith('.') ? entry : `.${entry}`),
    );
}
