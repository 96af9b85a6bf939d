import { samplesToMs, type VoiceChunk } from '../audio/pcm';
import { VoiceChunker, type VoiceChunkerOptions } from '../audio/voice-chunker';
import type { VoiceActivityDetector } from '../audio/vad/voice-activity-detector';
import { AudioJournal } from './audio-journal';
import type { DictationSession, SessionResult } from './dictation-session';

/** Where a live dictation keeps its audio journal, and what the journal says the audio was recorded for. */
export interface JournalTarget {
  root: string;
  model: string;
  language: string;
  now?: () => number;
}

/**
 * A dictation from a live microphone: PCM frames arrive as the person speaks, the chunker cuts them at pauses, and
 * each chunk goes to the session (spool, then transcription) at once, so text appears while they are still talking.
 * The desktop app feeds it frames from the renderer's AudioWorklet; tests feed it a file piece by piece.
 */
export class LiveDictation {
  private readonly chunker: VoiceChunker;
  private recordedSamples = 0;
  private stopped: Promise<SessionResult> | null = null;
  private spooling: Promise<void> = Promise.resolve();
  private readonly journal: AudioJournal | null;
  /** First samples of chunks handed to the session and not yet in the spool: the journal keeps their audio. */
  private readonly unspooled = new Set<number>();

  constructor(
    private readonly session: DictationSession,
    detector: VoiceActivityDetector,
    options: Partial<VoiceChunkerOptions> = {},
    journal?: JournalTarget,
  ) {
    // A live stream needs its own detector state: never share one detector between two dictations.
    detector.reset();
    this.chunker = new VoiceChunker(detector, options);
    const now = journal?.now ?? Date.now;
    this.journal = journal
      ? new AudioJournal(journal.root, {
          sessionId: session.sessionId,
          model: journal.model,
          language: journal.language,
          startedAt: now(),
        })
      : null;
  }

  get sessionId(): string {
    return this.session.sessionId;
  }

  /** Milliseconds of audio heard so far (silence included). */
  get recordedMs(): number {
    return samplesToMs(this.recordedSamples);
  }

  /** Takes the next piece of 16 kHz mono Int16 audio; resolves once any chunk it completed is safely spooled. */
  async push(pcm: Int16Array): Promise<void> {
    if (this.stopped) throw new Error('LiveDictation.push after stop');
    this.recordedSamples += pcm.length;
    // On disk (within a quarter second) before the chunker sees it: a crash mid-sentence keeps the sentence.
    this.journal?.append(pcm);
    const chunks = await this.chunker.push(pcm);
    await this.hand(chunks);
    // What is spooled, or was silence, need not be journaled any more (unless spooling failed: then it is all kept).
    if (this.journal && !this.session.spoolFailed) {
      void this.journal.keepFrom(Math.min(this.chunker.neededFromSample, ...this.unspooled));
    }
  }

  /** The person stopped: the last words (hang-over included) are cut and sent; resolves when all text is in. */
  stop(): Promise<SessionResult> {
    this.stopped ??= (async () => {
      await this.hand(await this.chunker.flush());
      await this.spooling;
      // Every chunk is in the spool now, which keeps it from here on; a journal whose audio could not all be
      // spooled stays, and the next start recovers what is missing.
      if (this.session.spoolFailed) await this.journal?.close();
      else await this.journal?.discard();
      this.session.setRecordedAudio(this.recordedSamples);
      return this.session.finish();
    })();
    return this.stopped;
  }

  /** Stops sending; what was recorded but not transcribed stays in the spool for later. */
  async cancel(): Promise<SessionResult> {
    this.session.cancel();
    return this.stop();
  }

  private hand(chunks: VoiceChunk[]): Promise<void> {
    // In order: chunk N is on disk before chunk N+1 is written, as the spool's numbering expects.
    for (const chunk of chunks) {
      this.unspooled.add(chunk.startSample);
      this.spooling = this.spooling
        .then(() => this.session.addChunk(chunk))
        .finally(() => this.unspooled.delete(chunk.startSample));
    }
    return this.spooling;
  }
}
