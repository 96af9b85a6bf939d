import type { BilingualMessage } from '../../../src-shared/bilingual';

/** The microphone options the person set (the `mic.*` settings). */
export interface MicOptions {
  /** '' = the system default. */
  deviceId: string;
  /** Used to find the device again when its id changed. */
  deviceLabel: string;
  echoCancellation: boolean;
  noiseSuppression: boolean;
  autoGainControl: boolean;
}

/** A microphone the browser offers. */
export interface MicDevice {
  deviceId: string;
  label: string;
}

/** Why the microphone could not be used, or stopped working. */
export type MicProblemCode =
  | 'permission_denied'
  | 'no_microphone'
  | 'device_busy'
  | 'track_silent'
  | 'track_ended'
  | 'unsupported'
  | 'unknown';

export interface MicProblem {
  code: MicProblemCode;
  /** What happened and what to do, in Persian and English. */
  message: BilingualMessage;
}

export interface MicHandlers {
  /** 16 kHz mono Int16 PCM, 20–100 ms per call, in order, only while forwarding. */
  onFrames(pcm: Int16Array): void;
  /** Level of the latest audio in dBFS (−100 for digital silence), a few times a second while open. */
  onLevel(dbfs: number): void;
  /** The first frame that is not muted arrived after startForwarding(): the "listening" cue may show now. */
  onListening(): void;
  /** The track went silent, ended or was unplugged. */
  onProblem(problem: MicProblem): void;
}

/** An open microphone: a 16 kHz AudioContext, an AudioWorklet tap, and a pre-roll ring of the latest audio. */
export interface MicSession {
  /** The device actually in use (id and label), to remember in the settings. */
  readonly device: MicDevice;
  /** Sends the pre-roll ring (≥ 300 ms before now) and then every new frame to onFrames. */
  startForwarding(): void;
  /** Keeps forwarding `tailMs` more (so the last word is kept), then stops; resolves after the last frame went out. */
  stopForwarding(tailMs?: number): Promise<void>;
  /** Frames forwarded since startForwarding (samples), to check nothing was dropped. */
  readonly forwardedSamples: number;
  /** Releases the device (the browser's recording indicator goes off). */
  close(): Promise<void>;
}
