import type { VoiceChunk } from '../pcm';
import { msToSamples } from '../pcm';
import type { VoiceChunkerOptions } from './chunker-options';
import { findCutSample } from './cut-point';
import { FRAME_SAMPLES } from './voice-activity-detector';

interface OpenChunk {
  start: number;
  /** Last frame judged speech (a chunk is opened, or carried past a cap cut, only with speech of its own). */
  lastSpeechFrame: number;
  speechFrames: number;
}

/**
 * The decision logic of the voice chunker, free of any detector: audio goes in, then one probability per
 * 512-sample frame of it, and finished chunks come out. The streaming and the whole-recording paths both use it,
 * so they cut identically when the detector agrees.
 */
export class ChunkCutter {
  private audio = new Int16Array(1 << 16);
  private audioBase = 0; // stream offset of audio[0]
  private audioEnd = 0; // stream offset one past the last sample received
  private probs = new Float32Array(1 << 12);
  private speech = new Uint8Array(1 << 12);
  private frameBase = 0; // frame index of probs[0]
  private framesDone = 0;
  private inSpeech = false;
  private chunk: OpenChunk | undefined;
  /** Chunks never overlap: pre-roll stops at the end of the previous one. */
  private previousEnd = 0;
  private nextIndex = 0;
  private readonly preRoll: number;
  private readonly hangOver: number;
  private readonly endPauseFrames: number;
  private readonly minSpeechFrames: number;
  private readonly maxChunk: number;
  private readonly searchFrames: number;

  constructor(private readonly opts: VoiceChunkerOptions) {
    this.preRoll = msToSamples(opts.preRollMs);
    this.hangOver = msToSamples(opts.hangOverMs);
    this.endPauseFrames = Math.max(1, Math.ceil(msToSamples(opts.endPauseMs) / FRAME_SAMPLES));
    this.minSpeechFrames = Math.ceil(msToSamples(opts.minSpeechMs) / FRAME_SAMPLES);
    this.maxChunk = msToSamples(opts.maxChunkMs);
    this.searchFrames = Math.max(1, Math.floor(msToSamples(opts.cutSearchMs) / FRAME_SAMPLES));
  }

  /** Samples received so far. */
  get samplesReceived(): number {
    return this.audioEnd;
  }

  /** Frames that have audio but no probability yet. */
  get pendingFrames(): number {
    return Math.floor(this.audioEnd / FRAME_SAMPLES) - this.framesDone;
  }

  /** Adds the next stretch of the stream's audio. */
  appendAudio(pcm: Int16Array): void {
    this.trim();
    const used = this.audioEnd - this.audioBase;
    if (used + pcm.length > this.audio.length) {
      const bigger = new Int16Array(Math.max(this.audio.length * 2, used + pcm.length));
      bigger.set(this.audio.subarray(0, used));
      this.audio = bigger;
    }
    this.audio.set(pcm, used);
    this.audioEnd += pcm.length;
  }

  /** The audio of frames [firstFrame, firstFrame + count), for the detector. */
  framesAudio(firstFrame: number, count: number): Int16Array {
    const from = firstFrame * FRAME_SAMPLES - this.audioBase;
    return this.audio.subarray(from, from + count * FRAME_SAMPLES);
  }

  /**
   * The first sample a chunk still to come can contain: the open chunk's start, or the pre-roll before the next
   * frame. Audio before it is in a chunk already handed over, or silence that was dropped.
   */
  get neededFromSample(): number {
    return Math.max(
      this.previousEnd,
      Math.min(
        this.chunk ? this.chunk.start : Number.POSITIVE_INFINITY,
        this.framesDone * FRAME_SAMPLES - this.preRoll,
      ),
      0,
    );
  }

  /** Index of the next frame that needs a probability. */
  get nextFrame(): number {
    return this.framesDone;
  }

  /** Takes the probabilities of the next frames (their audio must already be appended); returns finished chunks. */
  addProbabilities(p: Float32Array): VoiceChunk[] {
    if (p.length > this.pendingFrames)
      throw new RangeError('probabilities given for frames whose audio has not arrived');
    const done: VoiceChunk[] = [];
    for (let i = 0; i < p.length; i++) this.step(p[i], done);
    return done;
  }

  /** End of stream: closes the open chunk, if it holds enough speech. */
  finish(): VoiceChunk[] {
    const done: VoiceChunk[] = [];
    const c = this.chunk;
    this.chunk = undefined;
    if (c) {
      this.emit(c, Math.min((c.lastSpeechFrame + 1) * FRAME_SAMPLES + this.hangOver, this.audioEnd), done);
    }
    return done;
  }

  private step(p: number, done: VoiceChunk[]): void {
    const f = this.framesDone++;
    const isSpeech = this.inSpeech ? p >= this.opts.negativeThreshold : p >= this.opts.positiveThreshold;
    this.inSpeech = isSpeech;
    this.recordFrame(f, p, isSpeech);
    if (isSpeech) {
      if (!this.chunk) {
        const start = Math.max(this.previousEnd, f * FRAME_SAMPLES - this.preRoll, this.audioBase);
        this.chunk = { start, lastSpeechFrame: f, speechFrames: 1 };
      } else {
        this.chunk.lastSpeechFrame = f;
        this.chunk.speechFrames++;
      }
    } else if (this.chunk && f - this.chunk.lastSpeechFrame >= this.endPauseFrames) {
      const c = this.chunk;
      this.chunk = undefined;
      this.emit(c, Math.min((c.lastSpeechFrame + 1) * FRAME_SAMPLES + this.hangOver, (f + 1) * FRAME_SAMPLES), done);
      return;
    }
    if (this.chunk && (f + 1) * FRAME_SAMPLES - this.chunk.start >= this.maxChunk) this.cutAtCap(f, done);
  }

  /** Speech ran into the cap: cut at the best pause in the last stretch and carry the rest into a new chunk. */
  private cutAtCap(f: number, done: VoiceChunk[]): void {
    const c = this.chunk as OpenChunk;
    const startFrame = Math.ceil(c.start / FRAME_SAMPLES);
    const cut = findCutSample({
      sample: (at) => this.audio[at - this.audioBase],
      fromFrame: Math.max(startFrame + 1, f + 1 - this.searchFrames),
      toFrame: f + 1,
    });
    let after = 0;
    for (let k = Math.ceil(cut / FRAME_SAMPLES); k <= f; k++) if (this.speech[k - this.frameBase]) after++;
    this.emit({ ...c, speechFrames: c.speechFrames - after }, cut, done);
    // Speech after the cut carries on in a new chunk; its last speech frame is the open chunk's.
    this.chunk = after > 0 ? { start: cut, lastSpeechFrame: c.lastSpeechFrame, speechFrames: after } : undefined;
  }

  private emit(c: OpenChunk, end: number, done: VoiceChunk[]): void {
    this.previousEnd = Math.max(this.previousEnd, end);
    // Every end lies past its chunk's start (a cap cut is sought from the frame after it): only speech decides.
    if (c.speechFrames < this.minSpeechFrames) return;
    done.push({
      index: this.nextIndex++,
      startSample: c.start,
      endSample: end,
      pcm: this.audio.slice(c.start - this.audioBase, end - this.audioBase),
      speechSamples: Math.min(c.speechFrames * FRAME_SAMPLES, end - c.start),
    });
  }

  private recordFrame(f: number, p: number, isSpeech: boolean): void {
    let at = f - this.frameBase;
    if (at >= this.probs.length) {
      this.trim();
      at = f - this.frameBase;
      if (at >= this.probs.length) {
        const probs = new Float32Array(Math.max(this.probs.length * 2, at + 1));
        const speech = new Uint8Array(probs.length);
        probs.set(this.probs);
        speech.set(this.speech);
        this.probs = probs;
        this.speech = speech;
      }
    }
    this.probs[at] = p;
    this.speech[at] = isSpeech ? 1 : 0;
  }

  /** Forgets audio and frames nothing can reach any more: before the open chunk, or before the next pre-roll. */
  private trim(): void {
    const keepFrom = Math.max(
      0,
      Math.min(
        this.chunk ? this.chunk.start : Number.POSITIVE_INFINITY,
        this.framesDone * FRAME_SAMPLES - this.preRoll,
      ),
    );
    const dropSamples = keepFrom - this.audioBase;
    // only when a good share can go, so the copying stays linear in the stream length
    if (dropSamples < this.audio.length / 2) return;
    this.audio.copyWithin(0, dropSamples, this.audioEnd - this.audioBase);
    this.audioBase = keepFrom;
    const keepFrame = Math.floor(keepFrom / FRAME_SAMPLES);
    const dropFrames = keepFrame - this.frameBase;
    if (dropFrames > 0) {
      this.probs.copyWithin(0, dropFrames, this.framesDone - this.frameBase);
      this.speech.copyWithin(0, dropFrames, this.framesDone - this.frameBase);
      this.frameBase = keepFrame;
    }
  }
}
