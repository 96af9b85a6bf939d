import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkApiKey } from '../../../src-main/app/key-check';
import { openAiFailures, type FakeFailure } from '../../support/fake-openai-server';

/** A stand-in for GET /v1/models: the reply depends on the key, as OpenAI's would. */
let server: Server;
let baseUrl: string;
const seen: Array<{ method: string; path: string; authorization?: string }> = [];
const REPLIES: Record<string, FakeFailure | 'ok'> = {
  'sk-good-0000000000000000': 'ok',
  'sk-blocked-000000000000': openAiFailures.regionBlocked(),
  'sk-broke-00000000000000': openAiFailures.insufficientQuota(),
};

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization });
    const key = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (req.url?.split('?')[0] !== '/v1/models') {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"error":{"message":"not found","type":"invalid_request_error"}}');
      return;
    }
    const reply = REPLIES[key] ?? openAiFailures.badKey();
    if (reply === 'ok') {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ object: 'list', data: [{ id: 'whisper-1', object: 'model' }] }));
      return;
    }
    res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const check = (apiKey: string, overrides: Partial<Parameters<typeof checkApiKey>[0]> = {}) =>
  checkApiKey({ apiKey, baseUrl, proxyUrl: '', env: {}, ...overrides });

describe('testing the API key with a free request', () => {
  it('accepts a good key by listing the models — no audio is sent', async () => {
    const before = seen.length;
    expect(await check('sk-good-0000000000000000')).toMatchObject({ ok: true, code: 'ok' });
    expect(seen.slice(before)).toEqual([
      { method: 'GET', path: '/v1/models', authorization: 'Bearer sk-good-0000000000000000' },
    ]);
  });

  it('says in plain words: bad key, region blocked, no credit left', async () => {
    const bad = await check('sk-wrong');
    expect(bad).toMatchObject({ ok: false, code: 'bad_key' });
    expect(bad.message.en).toContain('API key was rejected');
    const blocked = await check('sk-blocked-000000000000');
    expect(blocked).toMatchObject({ ok: false, code: 'region_blocked' });
    expect(blocked.message.en).toContain('proxy');
    expect(await check('sk-broke-00000000000000')).toMatchObject({ ok: false, code: 'quota_exhausted' });
    for (const result of [bad, blocked]) expect(JSON.stringify(result)).not.toContain('sk-');
  });

  it('no connection is not a bad key; no key at all for OpenAI is said before any request', async () => {
    const closed = await check('sk-good-0000000000000000', { baseUrl: 'http://127.0.0.1:9/v1' });
    expect(closed).toMatchObject({ ok: false, code: 'network' });
    const before = seen.length;
    expect(await check('', { baseUrl: 'https://api.openai.com/v1' })).toMatchObject({ ok: false, code: 'no_key' });
    expect(seen.length).toBe(before);
  });

  it('a compatible server without a model list is reported reachable', async () => {
    expect(await check('anything', { baseUrl: `${baseUrl.replace(/\/v1$/, '')}/other/v1` })).toMatchObject({
      ok: true,
      code: 'reachable',
    });
  });
});
