/**
 * A live dictation in a process of its own, for crash tests: it reads raw 16 kHz Int16 audio from a file and feeds
 * it to a LiveDictation (journal on, as the app runs it) in 20 ms pieces at `speed` × real time, printing
 * `pushed MS` after each piece so the parent knows how much was said before it kills this process.
 * Usage: node --import tsx live-dictation-child.ts DATA_DIR BASE_URL PCM_FILE SPEED
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_SETTINGS } from '../../src-shared/settings/settings-schema';
import { createSileroVad } from '../../src-main/audio/vad/silero-vad';
import { openDictationServices } from '../../src-main/pipeline/dictation-services';
import { LiveDictation } from '../../src-main/pipeline/live-dictation';

const [dataDir, baseUrl, pcmFile, speedText] = process.argv.slice(2);
const bytes = readFileSync(pcmFile);
const pcm = new Int16Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.byteLength / 2));
const speed = Number(speedText) || 1;
const PIECE = 320;

const settings = { ...DEFAULT_SETTINGS, baseUrl };
const services = await openDictationServices({ dataDir, settings, apiKey: 'sk-child', source: 'app' });
const session = services.newSession();
const live = new LiveDictation(
  session,
  await createSileroVad(),
  {},
  { root: services.journalRoot, model: settings.model, language: settings.language },
);
process.stdout.write(`session ${session.sessionId}\n`);
const started = Date.now();
for (let at = 0; at < pcm.length; at += PIECE) {
  await live.push(pcm.subarray(at, at + PIECE));
  const pushedMs = Math.floor(((at + PIECE) * 1000) / 16000);
  process.stdout.write(`pushed ${pushedMs}\n`);
  const due = started + pushedMs / speed;
  const wait = due - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
await live.stop();
await services.close();
process.stdout.write('done\n');
