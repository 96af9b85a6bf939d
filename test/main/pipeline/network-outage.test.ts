import { describe, expect, it } from 'vitest';
import { isNetworkOutage } from '../../../src-main/pipeline/network-outage';
import { TranscriptionError } from '../../../src-main/transcription/transcription-error';

const error = (code: ConstructorParameters<typeof TranscriptionError>[0], status?: number) =>
  new TranscriptionError(code, { retryable: true, status });

describe('what counts as "the network or the endpoint is down"', () => {
  it('connection failures, timeouts and gateway answers (502/503/504) wait for the network', () => {
    expect(isNetworkOutage(error('network'))).toBe(true);
    expect(isNetworkOutage(error('timeout'))).toBe(true);
    for (const status of [502, 503, 504]) expect(isNetworkOutage(error('server', status))).toBe(true);
  });

  it('a server that answers with its own error, a budget, a bad key or a rate limit is not an outage', () => {
    expect(isNetworkOutage(error('server', 500))).toBe(false);
    expect(isNetworkOutage(error('rate_limited', 429))).toBe(false);
    expect(isNetworkOutage(error('bad_key', 401))).toBe(false);
    expect(isNetworkOutage(error('quota_exhausted', 429))).toBe(false);
    expect(isNetworkOutage(error('bad_request', 400))).toBe(false);
  });
});
