/** Silero works on 32 ms windows at 16 kHz. */
export const FRAME_SAMPLES = 512;

/** Streaming speech detector: frames must arrive in order, as they do from a microphone. */
export interface VoiceActivityDetector {
  readonly frameSamples: number; // 512
  /** speech probability 0..1 for each consecutive 512-sample frame (Float32 in [-1,1]) */
  probabilities(frames: Float32Array /* length multiple of frameSamples */): Promise<Float32Array>;
  /** Forgets everything heard so far, ready for an unrelated stream. */
  reset(): void;
}

/** A detector that can also judge a complete recording at once, faster than frame by frame. */
export interface RecordingVoiceActivityDetector extends VoiceActivityDetector {
  /**
   * Speech probability of frame i = samples [i*512, (i+1)*512) of a whole recording, as float or as Int16 PCM (read
   * without a float copy of the whole file); a trailing partial frame is ignored. Independent of, and leaves
   * untouched, the streaming state.
   */
  probabilitiesOfRecording(samples: Float32Array | Int16Array): Promise<Float32Array>;
}

/** True when the detector offers the whole-recording path. */
export function isRecordingDetector(d: VoiceActivityDetector): d is RecordingVoiceActivityDetector {
  return typeof (d as Partial<RecordingVoiceActivityDetector>).probabilitiesOfRecording === 'function';
}
