import { DEFAULT_ENERGY_GATE, EnergyGate, frameDbfs, type EnergyGateOptions } from './energy-gate';
import { recordingProbabilities } from './silero-batch';
import { CONTEXT_SAMPLES, loadSileroModel, STATE_PER_STREAM, WINDOW_SAMPLES, type SileroModel } from './silero-model';
import { FRAME_SAMPLES, type RecordingVoiceActivityDetector } from './voice-activity-detector';

export interface SileroVadOptions {
  /** Skip Silero on plainly quiet frames (they get probability 0). Default on; `false` runs every frame. */
  energyGate?: Partial<EnergyGateOptions> | false;
  /** Most streams run side by side in one inference call on the whole-recording path. Default 32. */
  maxBatch?: number;
}

/** Loads Silero VAD v5 (onnxruntime-web, WASM, one thread) and returns a detector for one stream. */
export async function createSileroVad(options: SileroVadOptions = {}): Promise<RecordingVoiceActivityDetector> {
  return new SileroVad(await loadSileroModel(), options);
}

/** An energy gate that never closes: every frame goes to Silero. */
const ALWAYS_ON: EnergyGateOptions = { ...DEFAULT_ENERGY_GATE, startFrames: Number.POSITIVE_INFINITY };

class SileroVad implements RecordingVoiceActivityDetector {
  readonly frameSamples = FRAME_SAMPLES;
  private readonly gateOptions: EnergyGateOptions;
  private readonly gate: EnergyGate;
  private state: Float32Array = new Float32Array(STATE_PER_STREAM);
  /** The most recent audio before the next frame: enough for the context and a warm-up. */
  private readonly tail: Float32Array;
  private framesHeard = 0;
  /** Frames since the last one Silero ran on; Infinity before it ever ran. */
  private skipped = Number.POSITIVE_INFINITY;
  private readonly window = new Float32Array(WINDOW_SAMPLES);

  constructor(
    private readonly model: SileroModel,
    private readonly options: SileroVadOptions,
  ) {
    this.gateOptions = options.energyGate === false ? ALWAYS_ON : { ...DEFAULT_ENERGY_GATE, ...options.energyGate };
    this.gate = new EnergyGate(this.gateOptions);
    this.tail = new Float32Array(this.gateOptions.warmUpFrames * FRAME_SAMPLES + CONTEXT_SAMPLES);
  }

  async probabilities(frames: Float32Array): Promise<Float32Array> {
    if (frames.length % FRAME_SAMPLES !== 0) {
      throw new RangeError(`VAD input must be whole ${FRAME_SAMPLES}-sample frames, got ${frames.length} samples`);
    }
    const count = frames.length / FRAME_SAMPLES;
    const out = new Float32Array(count);
    for (let f = 0; f < count; f++) {
      const frame = frames.subarray(f * FRAME_SAMPLES, (f + 1) * FRAME_SAMPLES);
      if (this.gate.next(frameDbfs(frame, 0))) {
        await this.catchUp();
        out[f] = await this.runFrame(this.tail.subarray(this.tail.length - CONTEXT_SAMPLES), frame);
        this.skipped = 0;
      } else if (this.skipped !== Number.POSITIVE_INFINITY) {
        this.skipped++;
      }
      this.remember(frame);
    }
    return out;
  }

  reset(): void {
    this.gate.reset();
    this.state = new Float32Array(STATE_PER_STREAM);
    this.tail.fill(0);
    this.framesHeard = 0;
    this.skipped = Number.POSITIVE_INFINITY;
  }

  probabilitiesOfRecording(samples: Float32Array | Int16Array): Promise<Float32Array> {
    return recordingProbabilities(this.model, samples, this.gateOptions, this.options.maxBatch ?? 32);
  }

  /**
   * Before a frame after skipped ones: a short skip is filled in (the state carries on), a long one restarts the
   * state and warms it up on the frames just before — the same rule the whole-recording path applies.
   */
  private async catchUp(): Promise<void> {
    const warmUp = this.gateOptions.warmUpFrames;
    if (this.skipped === 0) return;
    let replay: number;
    if (this.skipped <= warmUp) {
      replay = this.skipped;
    } else {
      this.state = new Float32Array(STATE_PER_STREAM);
      replay = Math.min(warmUp, this.framesHeard);
    }
    for (let k = replay; k > 0; k--) {
      const start = this.tail.length - k * FRAME_SAMPLES;
      await this.runFrame(
        this.tail.subarray(start - CONTEXT_SAMPLES, start),
        this.tail.subarray(start, start + FRAME_SAMPLES),
      );
    }
  }

  private async runFrame(context: Float32Array, frame: Float32Array): Promise<number> {
    this.window.set(context, 0);
    this.window.set(frame, CONTEXT_SAMPLES);
    const { probs, state } = await this.model.step(this.window.slice(), this.state, 1);
    this.state = state;
    return probs[0];
  }

  private remember(frame: Float32Array): void {
    this.tail.copyWithin(0, FRAME_SAMPLES);
    this.tail.set(frame, this.tail.length - FRAME_SAMPLES);
    this.framesHeard++;
  }
}
