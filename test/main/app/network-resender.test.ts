import { describe, expect, it } from 'vitest';
import { NetworkResender, type ResenderClock, type SendOutcome } from '../../../src-main/app/network-resender';
import type { SpoolEntry } from '../../../src-main/pipeline/spool';

/** A clock whose time moves only when the test says so; timers run in order as it passes them. */
class FakeClock implements ResenderClock {
  time = 1_000_000;
  private timers: Array<{ id: number; at: number; run: () => void }> = [];
  private nextId = 1;

  now = () => this.time;
  setTimeout = (run: () => void, ms: number) => {
    const id = this.nextId++;
    this.timers.push({ id, at: this.time + ms, run });
    return id;
  };
  clearTimeout = (handle: unknown) => {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  };
  get pending(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, running each timer that falls due (and what it awaits) before the next. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.time = next.at;
      next.run();
      await settle();
    }
    this.time = end;
    await settle();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

function chunk(sessionId: string, index: number): SpoolEntry {
  return {
    meta: {
      sessionId,
      index,
      startMs: index * 5000,
      endMs: index * 5000 + 4000,
      audioMs: 4000,
      speechMs: 4000,
      model: 'whisper-1',
      status: 'failed',
      createdAt: index,
      attempts: 1,
      outage: true,
    },
    wavPath: `/spool/${sessionId}/${index}.wav`,
    metaPath: `/spool/${sessionId}/${index}.json`,
  };
}

/**
 * A pretend spool and endpoint: `down` says whether the endpoint answers; an answered send takes its chunks out of
 * the spool, except those `refuse` keeps (a budget refusal: they stay in the spool, no longer waiting for the network).
 */
function world(initial: SpoolEntry[]) {
  const state = {
    waiting: [...initial],
    down: true,
    refuse: new Set<string>(),
    sends: [] as Array<{ at: number; ids: string[]; probe: boolean }>,
    inFlight: 0,
    maxInFlight: 0,
    transcribed: [] as string[],
    states: [] as string[],
  };
  const id = (entry: SpoolEntry) => `${entry.meta.sessionId}#${entry.meta.index}`;
  const clock = new FakeClock();
  const deps = {
    clock,
    random: () => 0,
    baseDelayMs: 2_000,
    maxDelayMs: 60_000,
    waiting: async () => [...state.waiting],
    send: async (entries: SpoolEntry[], options: { probe: boolean }): Promise<SendOutcome> => {
      state.inFlight += 1;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      state.sends.push({ at: clock.now(), ids: entries.map(id), probe: options.probe });
      await Promise.resolve();
      state.inFlight -= 1;
      if (state.down) return 'down';
      for (const entry of entries) {
        state.waiting = state.waiting.filter((e) => e !== entry);
        if (!state.refuse.has(id(entry))) state.transcribed.push(id(entry));
      }
      return 'answered';
    },
    onChange: (view: { state: string }) => {
      if (state.states.at(-1) !== view.state) state.states.push(view.state);
    },
  };
  return { state, clock, deps };
}

describe('NetworkResender (fake clock)', () => {
  it('backs off exponentially up to the cap, one probe at a time, each probe a single chunk', async () => {
    const { state, clock, deps } = world([chunk('a', 0), chunk('a', 1), chunk('a', 2)]);
    const resender = new NetworkResender(deps);
    resender.reportDown();
    expect(resender.isDown()).toBe(true);
    expect(resender.view().nextProbeAt).toBe(clock.now() + 2_000);

    await clock.advance(10 * 60_000);
    const gaps = state.sends.slice(1).map((send, i) => send.at - state.sends[i].at);
    // 2 s, then doubling, never more than the one-minute cap.
    expect(state.sends[0].at - 1_000_000).toBe(2_000);
    expect(gaps.slice(0, 5)).toEqual([4_000, 8_000, 16_000, 32_000, 60_000]);
    expect(gaps.every((gap) => gap <= 60_000)).toBe(true);
    // Ten minutes of outage: about fifteen requests in all, never two at once, each the oldest chunk alone.
    expect(state.sends.length).toBeLessThanOrEqual(15);
    expect(state.maxInFlight).toBe(1);
    expect(state.sends.every((send) => send.probe && send.ids.length === 1 && send.ids[0] === 'a#0')).toBe(true);
    expect(clock.pending).toBe(1);
    resender.close();
    expect(clock.pending).toBe(0);
  });

  it('jitter takes up to half off each wait, so clients that failed together come back apart', () => {
    const { deps } = world([]);
    const early = new NetworkResender({ ...deps, random: () => 0.999 });
    const late = new NetworkResender({ ...deps, random: () => 0 });
    expect(late.delayMs()).toBe(2_000);
    expect(early.delayMs()).toBe(1_001);
  });

  it(
    'when the endpoint answers again, every waiting chunk is sent once, in order, and the ' + 'state is online',
    async () => {
      const chunks = [chunk('a', 0), chunk('a', 1), chunk('b', 0), chunk('b', 1)];
      const { state, clock, deps } = world(chunks);
      const resender = new NetworkResender(deps);
      await resender.start();
      await clock.advance(2_000 + 4_000);
      expect(state.transcribed).toEqual([]);
      state.down = false;
      await clock.advance(8_000);
      expect(state.transcribed).toEqual(['a#0', 'a#1', 'b#0', 'b#1']);
      // The probe (one chunk), then the rest in one go, in spoken order.
      expect(state.sends.at(-2)).toMatchObject({ ids: ['a#0'], probe: true });
      expect(state.sends.at(-1)).toMatchObject({ ids: ['a#1', 'b#0', 'b#1'], probe: false });
      expect(resender.isDown()).toBe(false);
      expect(state.states).toEqual(['waiting', 'probing', 'waiting', 'probing', 'waiting', 'probing', 'online']);
      // Online and nothing left: no timer, no further request.
      const sends = state.sends.length;
      await clock.advance(600_000);
      expect(state.sends.length).toBe(sends);
    },
  );

  it('a chunk a budget refuses leaves the queue: it is not retried, it waits for the person', async () => {
    const { state, clock, deps } = world([chunk('a', 0), chunk('a', 1), chunk('a', 2)]);
    state.refuse.add('a#2');
    state.down = false;
    const resender = new NetworkResender(deps);
    resender.reportDown();
    await clock.advance(2_000);
    expect(state.transcribed).toEqual(['a#0', 'a#1']);
    expect(state.sends.flatMap((send) => send.ids).filter((id) => id === 'a#2')).toHaveLength(1);
    expect(resender.isDown()).toBe(false);
    await clock.advance(600_000);
    expect(state.sends.flatMap((send) => send.ids).filter((id) => id === 'a#2')).toHaveLength(1);
  });

  it('a chunk kept back while a probe runs is sent before the resender says online', async () => {
    const { state, clock, deps } = world([chunk('a', 0)]);
    state.down = false;
    let resender: NetworkResender | null = null;
    const late = chunk('a', 1);
    const send = deps.send;
    deps.send = async (entries, options) => {
      const outcome = await send(entries, options);
      if (options.probe) {
        // A live dictation's chunk met the 'down' state meanwhile and went to the spool.
        state.waiting.push(late);
        resender?.reportDown();
      }
      return outcome;
    };
    resender = new NetworkResender(deps);
    resender.reportDown();
    await clock.advance(2_000);
    expect(state.transcribed).toEqual(['a#0', 'a#1']);
    expect(resender.isDown()).toBe(false);
  });

  it('the backoff starts over after the endpoint came back and went down again', async () => {
    const { state, clock, deps } = world([chunk('a', 0)]);
    const resender = new NetworkResender(deps);
    resender.reportDown();
    await clock.advance(2_000 + 4_000 + 8_000);
    state.down = false;
    await clock.advance(16_000);
    expect(resender.isDown()).toBe(false);
    state.down = true;
    state.waiting.push(chunk('a', 1));
    const before = clock.now();
    resender.reportDown();
    expect(resender.view().nextProbeAt).toBe(before + 2_000);
  });
});
