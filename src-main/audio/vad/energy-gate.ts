import { FRAME_SAMPLES } from './voice-activity-detector';

/** Tunables of the cheap pre-filter that spares Silero the frames that are plainly quiet. */
export interface EnergyGateOptions {
  /** A frame this far above the adaptive noise floor wakes the detector. Default 6 dB. */
  marginDb: number;
  /** ...and it must also be at least this loud; below it nothing is speech a microphone picked up. Default -65 dBFS. */
  absoluteMinDbfs: number;
  /** How fast the noise floor may climb when the room gets louder. Default 0.05 dB per frame (1.6 dB/s). */
  floorRiseDbPerFrame: number;
  /** Frames the detector keeps running after the last loud frame. Default 24 (0.77 s). */
  hangFrames: number;
  /** Frames before a wake-up that are run first, from a fresh state, so the detector has settled. Default 8. */
  warmUpFrames: number;
  /** The detector always runs on the first frames of a stream, while the floor is still unknown. Default 16. */
  startFrames: number;
}

export const DEFAULT_ENERGY_GATE: EnergyGateOptions = {
  marginDb: 6,
  absoluteMinDbfs: -65,
  floorRiseDbPerFrame: 0.05,
  hangFrames: 24,
  warmUpFrames: 8,
  startFrames: 16,
};

/**
 * Energy of one frame in dBFS after pre-emphasis (x[n] - 0.95·x[n-1]); -100 for digital silence. Pre-emphasis
 * takes out rumble and brown noise, whose slow swings would otherwise look like onsets, while speech keeps most
 * of its energy (formants and fricatives sit above 300 Hz).
 */
export function frameDbfs(samples: Float32Array, offset: number, length = FRAME_SAMPLES): number {
  let e = 0;
  for (let i = offset + 1; i < offset + length; i++) {
    const d = samples[i] - 0.95 * samples[i - 1];
    e += d * d;
  }
  // log10(0) is -Infinity: digital silence lands on the -100 floor too.
  return Math.max(-100, 10 * Math.log10(e / (length - 1)));
}

/**
 * Causal, frame-by-frame decision "does Silero need to look at this frame?". It only ever wakes the detector:
 * a frame that is loud relative to a noise floor tracked by minimum statistics (falls at once, rises slowly), so
 * steady noise of any level settles under the floor while speech over it still stands out.
 */
export class EnergyGate {
  private floorDb = Number.POSITIVE_INFINITY;
  private framesSeen = 0;
  private sinceLoud = Number.POSITIVE_INFINITY;

  constructor(private readonly opts: EnergyGateOptions = DEFAULT_ENERGY_GATE) {}

  /** Feeds the next frame's energy; true when the detector should run on it. */
  next(dbfs: number): boolean {
    // A quieter frame is the floor at once; a louder one lifts it by at most the rise.
    this.floorDb = Math.min(dbfs, this.floorDb + this.opts.floorRiseDbPerFrame);
    const loud = dbfs > Math.max(this.floorDb + this.opts.marginDb, this.opts.absoluteMinDbfs);
    this.sinceLoud = loud ? 0 : this.sinceLoud + 1;
    this.framesSeen++;
    return this.framesSeen <= this.opts.startFrames || this.sinceLoud <= this.opts.hangFrames;
  }

  reset(): void {
    this.floorDb = Number.POSITIVE_INFINITY;
    this.framesSeen = 0;
    this.sinceLoud = Number.POSITIVE_INFINITY;
  }
}
