/// <reference types="vite/client" />
/**
 * The renderer's microphone tap: getUserMedia → 16 kHz AudioContext → AudioWorklet → 16 kHz mono Int16 batches,
 * with a pre-roll ring while idle so the first syllable survives opening the mic on key-down.
 */
import type { BilingualMessage } from '../../../src-shared/bilingual';
import type { MicDevice, MicHandlers, MicOptions, MicProblem, MicProblemCode, MicSession } from './mic-types';
import { PcmForwarder, SignalWatch } from './pcm-forwarder';
import type { PcmTapMessage, PcmTapOptions } from './pcm-tap.worklet';
// `?worker&url` makes Vite bundle the processor and its imports into its own .js file and give us its URL;
// a plain asset import could be inlined as a data: URL, which the window's CSP (script-src 'self') refuses.
import pcmTapUrl from './pcm-tap.worklet.ts?worker&url';

/** Everything after the tap is 16 kHz mono. */
export const MIC_SAMPLE_RATE = 16_000;

/** Knobs with sensible defaults; tests use them, the app normally does not. */
export interface MicTuning {
  /** Samples per onFrames call while live, in ms (20–100). Default 40. */
  batchMs?: number;
  /** Audio kept while not forwarding and sent first by startForwarding(), in ms. Default 500. */
  preRollMs?: number;
  /** Force the AudioContext's rate (e.g. 48000) to exercise the resampling path. Default 16000. */
  contextSampleRate?: number;
  /** Exact zeros for this long count as a dead microphone. Default 3000. */
  silentAfterMs?: number;
}

const MESSAGES: Record<MicProblemCode, BilingualMessage> = {
  permission_denied: {
    fa:
      'اجازهٔ استفاده از میکروفون داده نشد. در تنظیمات مرورگر یا سیستم‌عامل به سخن‌نگار اجازهٔ دسترسی به ' +
      'میکروفون بدهید و دوباره امتحان کنید.',
    en:
      'The microphone permission was refused. Allow microphone access for SokhanNegar in the browser or ' +
      'system settings and try again.',
  },
  no_microphone: {
    fa:
      'میکروفونی پیدا نشد یا میکروفون انتخاب‌شده دیگر وصل نیست. یک میکروفون وصل کنید یا در تنظیمات میکروفون ' +
      'دیگری انتخاب کنید.',
    en:
      'No microphone was found, or the chosen one is no longer connected. Plug one in or choose another ' +
      'microphone in the settings.',
  },
  device_busy: {
    fa:
      'میکروفون باز نشد؛ شاید برنامهٔ دیگری از آن استفاده می‌کند. آن برنامه را ببندید یا میکروفون دیگری ' +
      'انتخاب کنید و دوباره امتحان کنید.',
    en:
      'The microphone could not be opened; another app may be using it. Close that app or choose another ' +
      'microphone, then try again.',
  },
  track_silent: {
    fa:
      'از میکروفون هیچ صدایی نمی‌رسد. کلید بی‌صدا، میزان صدای ورودی سیستم و اتصال میکروفون را بررسی کنید یا ' +
      'میکروفون دیگری انتخاب کنید.',
    en:
      'No sound is coming from the microphone. Check its mute switch, the system input volume and its ' +
      'cable, or choose another microphone.',
  },
  track_ended: {
    fa: 'اتصال میکروفون قطع شد. میکروفون را دوباره وصل کنید یا میکروفون دیگری انتخاب کنید و ضبط را از نو شروع کنید.',
    en: 'The microphone was disconnected. Reconnect it or choose another one, then start recording again.',
  },
  unsupported: {
    fa:
      'در این مرورگر یا این صفحه نمی‌توان صدا ضبط کرد. سخن‌نگار را در برنامهٔ دسکتاپ یا در نسخهٔ تازه‌ای از ' +
      'Chrome یا Edge باز کنید.',
    en:
      'Audio cannot be recorded in this browser or page. Open SokhanNegar in the desktop app or in a recent ' +
      'Chrome or Edge.',
  },
  unknown: {
    fa:
      'میکروفون به دلیل نامعلومی باز نشد. دوباره امتحان کنید؛ اگر باز هم نشد، برنامه را دوباره باز کنید یا ' +
      'میکروفون دیگری انتخاب کنید.',
    en:
      'The microphone could not be opened for an unknown reason. Try again; if it keeps failing, restart ' +
      'the app or choose another microphone.',
  },
};

/** What happened and what to do for a microphone problem, in Persian and English. */
export function micProblemMessage(code: MicProblemCode): BilingualMessage {
  return MESSAGES[code];
}

/**
 * Why openMicrophone failed. Not an Error subclass: Error.message is a string and this one is bilingual;
 * like every error a person sees, it is a value `{ code, message }` (plus `detail` for logs).
 */
export class MicError implements MicProblem {
  readonly name = 'MicError';
  readonly message: BilingualMessage;

  constructor(
    readonly code: MicProblemCode,
    /** The browser's own error, e.g. "NotAllowedError: Permission denied", for logs only. */
    readonly detail = '',
  ) {
    this.message = micProblemMessage(code);
  }

  toString(): string {
    return `MicError ${this.code}: ${this.message.en}${this.detail ? ` (${this.detail})` : ''}`;
  }
}

/** Maps a getUserMedia / Web Audio failure to a MicError. */
export function toMicError(error: unknown): MicError {
  if (error instanceof MicError) return error;
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  const detail =
    error instanceof Error || error instanceof DOMException ? `${error.name}: ${error.message}` : String(error);
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
    case 'PermissionDeniedError': // old Chromium name
      return new MicError('permission_denied', detail);
    case 'NotFoundError':
    case 'OverconstrainedError':
    case 'DevicesNotFoundError':
      return new MicError('no_microphone', detail);
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError': // Firefox reports a device held by another app this way
      return new MicError('device_busy', detail);
    default:
      return new MicError('unknown', detail);
  }
}

/** The microphones the browser offers (audio inputs only; ids and labels appear once permission was granted). */
export async function listMicrophones(): Promise<MicDevice[]> {
  if (typeof navigator === 'undefined' || !navigator.mediaDevices?.enumerateDevices) throw new MicError('unsupported');
  const devices = await navigator.mediaDevices.enumerateDevices();
  // Before permission Chromium lists one nameless input without an id: that is just "the default", which the
  // settings offer anyway as deviceId ''.
  return devices
    .filter((d) => d.kind === 'audioinput' && d.deviceId !== '')
    .map((d) => ({ deviceId: d.deviceId, label: d.label }));
}

/** Opens the microphone and its 16 kHz tap; audio goes to the pre-roll ring until startForwarding(). */
export async function openMicrophone(
  options: MicOptions,
  handlers: MicHandlers,
  tuning: MicTuning = {},
): Promise<MicSession> {
  const mediaDevices = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
  if (!mediaDevices?.getUserMedia || typeof AudioContext === 'undefined' || typeof AudioWorkletNode === 'undefined') {
    throw new MicError('unsupported', 'getUserMedia or AudioWorklet is missing (an insecure origin?)');
  }
  const batchSamples = clamp(Math.round(((tuning.batchMs ?? 40) * MIC_SAMPLE_RATE) / 1000), 320, 1600);
  const preRollSamples = Math.round(((tuning.preRollMs ?? 500) * MIC_SAMPLE_RATE) / 1000);
  const silentSamples = Math.round(((tuning.silentAfterMs ?? 3000) * MIC_SAMPLE_RATE) / 1000);

  let stream: MediaStream;
  try {
    stream = await mediaDevices.getUserMedia({
      audio: {
        // exact: a missing device must fail loudly (no_microphone), not record from another mic unnoticed;
        // the caller picks an available id with chooseDevice() first.
        deviceId: options.deviceId ? { exact: options.deviceId } : undefined,
        echoCancellation: options.echoCancellation,
        noiseSuppression: options.noiseSuppression,
        // Chromium's AGC moves the system microphone volume on Windows; the setting defaults to off.
        autoGainControl: options.autoGainControl,
        channelCount: 1,
      },
    });
  } catch (error) {
    throw toMicError(error);
  }
  const track = stream.getAudioTracks()[0];
  if (!track) {
    stopTracks(stream);
    throw new MicError('no_microphone', 'the stream has no audio track');
  }

  let graph: Graph;
  try {
    graph = await buildGraph(stream, batchSamples, tuning.contextSampleRate ?? MIC_SAMPLE_RATE);
  } catch (error) {
    stopTracks(stream);
    throw error instanceof MicError
      ? error
      : new MicError(isMissingWorklet(error) ? 'unsupported' : 'unknown', describe(error));
  }
  const { context, source, node } = graph;

  let closed = false;
  const report = (code: MicProblemCode): void => {
    if (!closed) safely(() => handlers.onProblem({ code, message: micProblemMessage(code) }));
  };
  const forwarder = new PcmForwarder(
    { preRollSamples, batchSamples, minPieceSamples: MIC_SAMPLE_RATE / 50, isMuted: () => track.muted },
    {
      onFrames: (pcm) => safely(() => handlers.onFrames(pcm)),
      onListening: () => safely(() => handlers.onListening()),
    },
  );
  const watch = new SignalWatch(
    MIC_SAMPLE_RATE / 10,
    silentSamples,
    (dbfs) => safely(() => handlers.onLevel(dbfs)),
    () => report('track_silent'),
  );
  node.port.onmessage = (event: MessageEvent<PcmTapMessage>) => {
    if (closed || event.data?.type !== 'pcm') return;
    watch.push(event.data.pcm);
    forwarder.push(event.data.pcm);
  };

  const onMute = (): void => report('track_silent');
  const onEnded = (): void => {
    // No more audio will come, so a pending stop must not wait for a tail that never arrives.
    forwarder.finishStop();
    report('track_ended');
  };
  track.addEventListener('mute', onMute);
  track.addEventListener('ended', onEnded);

  // Outside Electron (the browser host) a context made without a user gesture may start suspended; the next
  // click or key press lets it run.
  const resumeOnGesture = (): void => {
    if (context.state === 'suspended') void context.resume();
  };
  window.addEventListener('pointerdown', resumeOnGesture, true);
  window.addEventListener('keydown', resumeOnGesture, true);
  await Promise.race([context.resume().catch(() => undefined), delay(1000)]);

  const settings = track.getSettings();
  const device: MicDevice = { deviceId: settings.deviceId ?? options.deviceId, label: track.label };
  let stopTimer: ReturnType<typeof setTimeout> | undefined;

  return {
    device,
    get forwardedSamples() {
      return forwarder.forwardedSamples;
    },
    startForwarding() {
      if (closed) return;
      clearTimeout(stopTimer);
      forwarder.start();
    },
    stopForwarding(tailMs = 300) {
      if (closed || !forwarder.isForwarding) return Promise.resolve();
      const done = forwarder.stop((Math.max(0, tailMs) * MIC_SAMPLE_RATE) / 1000);
      // The tail needs audio to keep coming; if the context stalls, stop anyway rather than hang the caller.
      clearTimeout(stopTimer);
      stopTimer = setTimeout(() => forwarder.finishStop(), Math.max(0, tailMs) + 2000);
      return done.finally(() => clearTimeout(stopTimer));
    },
    async close() {
      if (closed) return;
      forwarder.finishStop();
      closed = true;
      clearTimeout(stopTimer);
      track.removeEventListener('mute', onMute);
      track.removeEventListener('ended', onEnded);
      window.removeEventListener('pointerdown', resumeOnGesture, true);
      window.removeEventListener('keydown', resumeOnGesture, true);
      node.port.onmessage = null;
      node.port.postMessage('stop');
      source.disconnect();
      node.disconnect();
      stopTracks(stream);
      await context.close().catch(() => undefined);
    },
  };
}

interface Graph {
  context: AudioContext;
  source: MediaStreamAudioSourceNode;
  node: AudioWorkletNode;
}

async function buildGraph(stream: MediaStream, batchSamples: number, rate: number): Promise<Graph> {
  let context: AudioContext | undefined;
  let source: MediaStreamAudioSourceNode;
  try {
    context = new AudioContext({ sampleRate: rate, latencyHint: 'interactive' });
    source = context.createMediaStreamSource(stream);
  } catch {
    // Some engines refuse a 16 kHz context, or a stream at another rate in it (Firefox); then the context runs at
    // the device rate and the worklet resamples to 16 kHz.
    void context?.close().catch(() => undefined);
    context = new AudioContext({ latencyHint: 'interactive' });
    source = context.createMediaStreamSource(stream);
  }
  try {
    if (!context.audioWorklet) throw new MicError('unsupported', 'AudioWorklet is missing (an insecure origin?)');
    await context.audioWorklet.addModule(pcmTapUrl);
    const processorOptions: PcmTapOptions = { batchSamples };
    const node = new AudioWorkletNode(context, 'pcm-tap', {
      numberOfInputs: 1,
      // No output: Chromium still runs a node without outputs, and nothing is ever played back.
      numberOfOutputs: 0,
      channelCount: 1,
      channelCountMode: 'explicit',
      channelInterpretation: 'speakers', // a stereo device is mixed down to (L+R)/2
      processorOptions,
    });
    source.connect(node);
    return { context, source, node };
  } catch (error) {
    await context.close().catch(() => undefined);
    throw error;
  }
}

function isMissingWorklet(error: unknown): boolean {
  return (
    typeof AudioWorkletNode === 'undefined' || (error instanceof DOMException && error.name === 'NotSupportedError')
  );
}

function describe(error: unknown): string {
  return error instanceof Error || error instanceof DOMException ? `${error.name}: ${error.message}` : String(error);
}

function stopTracks(stream: MediaStream): void {
  for (const t of stream.getTracks()) t.stop();
}

/** A throwing handler must not break the tap (the next frames would be lost); its error still surfaces. */
function safely(call: () => void): void {
  try {
    call();
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
