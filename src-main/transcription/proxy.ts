import { EnvHttpProxyAgent, fetch as undiciFetch, ProxyAgent, type Dispatcher } from 'undici';

/**
 * Loopback names that are never tunnelled unless the person set a proxy themselves: a local whisper server must not
 * go through a VPN tool's proxy. undici exempts nothing by itself, so they are added to NO_PROXY.
 */
const LOOPBACK_NO_PROXY = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The fetch the transcription client and the key check use, or undefined for a direct connection:
 * - the proxyUrl setting, when set, carries every request (the person asked for it, even for a local server);
 * - else HTTPS_PROXY / HTTP_PROXY (either case) from the given environment, with NO_PROXY applied by undici's
 *   EnvHttpProxyAgent (entries are exact hosts, `.domain` or `*.domain` for subdomains, optionally `host:port`).
 * Users in regions OpenAI blocks usually run a local HTTP proxy of their VPN tool. SOCKS proxies are not supported
 * by the HTTP client, so a SOCKS proxy in the environment is ignored rather than failing every request.
 */
export function transcriptionFetch(input: {
  setting: string;
  env: Record<string, string | undefined>;
}): typeof globalThis.fetch | undefined {
  const setting = input.setting.trim();
  if (setting !== '') return fetchThrough(new ProxyAgent(setting));
  const { env } = input;
  const httpsProxy = httpProxyOrEmpty(env.https_proxy ?? env.HTTPS_PROXY);
  const httpProxy = httpProxyOrEmpty(env.http_proxy ?? env.HTTP_PROXY);
  if (httpsProxy === '' && httpProxy === '') return undefined;
  const noProxy = [env.no_proxy ?? env.NO_PROXY ?? '', ...LOOPBACK_NO_PROXY].filter((v) => v.trim() !== '').join(',');
  // Every value is passed explicitly (an empty string, not undefined), so undici never reads process.env itself:
  // the environment the caller gave is the only one that counts. An https target falls back to HTTP_PROXY.
  return fetchThrough(new EnvHttpProxyAgent({ httpsProxy: httpsProxy || httpProxy, httpProxy, noProxy }));
}

/** undici's own fetch: the dispatcher must come from the same undici as the fetch that uses it. */
function fetchThrough(dispatcher: Dispatcher): typeof globalThis.fetch {
  const viaProxy = (input: Parameters<typeof undiciFetch>[0], init?: Parameters<typeof undiciFetch>[1]) =>
    undiciFetch(input, { ...init, dispatcher });
  return viaProxy as unknown as typeof globalThis.fetch;
}

function httpProxyOrEmpty(value: string | undefined): string {
  const trimmed = value?.trim() ?? '';
  return /^https?:\/\//i.test(trimmed) ? trimmed : '';
}
