import type { IpcResult } from '../../src-shared/app-contract/api';
import type { AppEvent } from '../../src-shared/app-contract/events';
import type { BilingualMessage } from '../../src-shared/bilingual';

/**
 * The app core as its hosts see it: commands in (validated here, answered with values), events out, microphone
 * audio in. No Electron, no DOM: the Electron host and the browser host (`sokhan ui`) are thin adapters of this.
 */
export interface AppCore {
  /** Runs one command; an unknown name or a payload that fails its schema gets `{ ok: false }`, never a throw. */
  handle(name: unknown, payload: unknown): Promise<IpcResult<unknown>>;
  /** Every event from now on; returns the unsubscribe function. */
  subscribe(listener: (event: AppEvent) => void): () => void;
  /**
   * A problem the host found (a hotkey taken, paste unavailable): told to every window now and to windows opened later,
   * until reported again with null.
   */
  report?(code: string, message: BilingualMessage | null): void;
  /** 16 kHz mono Int16 PCM from the microphone, in order; ignored when no dictation is open. */
  pushAudio(pcm: Int16Array): void;
  /** Finishes any dictation (its text and cost are kept) and closes the meter. */
  close(): Promise<void>;
}
