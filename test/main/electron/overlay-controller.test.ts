import { describe, expect, it } from 'vitest';
import type { AppEvent, RecordingState } from '../../../src-shared/app-contract/events';
import { LINGER_MS, OverlayController } from '../../../src-main/electron/overlay-controller';

function setup(enabled = true) {
  const log: string[] = [];
  const timers: Array<{ ms: number; run: () => void; cancelled: boolean }> = [];
  const controller = new OverlayController({
    window: { showInactive: () => log.push('showInactive'), hide: () => log.push('hide') },
    enabled: () => enabled,
    setTimer: (run, ms) => {
      const timer = { ms, run, cancelled: false };
      timers.push(timer);
      return { cancel: () => (timer.cancelled = true) };
    },
  });
  const state = (s: RecordingState): AppEvent => ({ type: 'state', state: s, sessionId: 's1' });
  const fire = () => timers.filter((t) => !t.cancelled).forEach((t) => ((t.cancelled = true), t.run()));
  return { controller, log, timers, state, fire };
}

describe('overlay pill', () => {
  it('appears without taking the focus when listening, stays while sending, leaves a moment after idle', () => {
    const { controller, log, timers, state, fire } = setup();
    controller.onEvent(state('starting'));
    controller.onEvent(state('listening'));
    controller.onEvent(state('sending'));
    expect(log).toEqual(['showInactive']);
    controller.onEvent(state('idle'));
    expect(timers.at(-1)!.ms).toBe(LINGER_MS.idle);
    fire();
    expect(log).toEqual(['showInactive', 'hide']);
  });

  it('a new dictation during the linger keeps it up; a blocked or failed one lingers longer', () => {
    const { controller, log, timers, state, fire } = setup();
    controller.onEvent(state('listening'));
    controller.onEvent(state('idle'));
    controller.onEvent(state('starting'));
    fire();
    expect(log).toEqual(['showInactive']);
    controller.onEvent(state('blocked'));
    expect(timers.at(-1)!.ms).toBe(LINGER_MS.trouble);
  });

  it('stays away when the person turned it off', () => {
    const { controller, log, state } = setup(false);
    controller.onEvent(state('listening'));
    controller.onEvent(state('idle'));
    expect(log).toEqual([]);
  });
});
