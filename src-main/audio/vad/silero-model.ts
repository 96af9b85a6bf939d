import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setFlagsFromString } from 'node:v8';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { InferenceSession, Tensor } from 'onnxruntime-web';
import { FRAME_SAMPLES } from './voice-activity-detector';

/** Samples of the previous window that Silero v5 needs in front of each 512-sample frame. */
export const CONTEXT_SAMPLES = 64;
/** Input width per stream: context followed by one frame. */
export const WINDOW_SAMPLES = CONTEXT_SAMPLES + FRAME_SAMPLES;
/** LSTM state per stream (the state tensor is [2, batch, 128]). */
export const STATE_PER_STREAM = 2 * 128;

/** One loaded Silero v5 network; stateless itself, so any number of detectors may share it. */
export interface SileroModel {
  /**
   * Runs `batch` independent streams one step. `input` is [batch, 576], `state` is [2, batch, 128];
   * returns each stream's speech probability and the next state in the same layout.
   */
  step(input: Float32Array, state: Float32Array, batch: number): Promise<{ probs: Float32Array; state: Float32Array }>;
}

type Ort = typeof import('onnxruntime-web');

/** Silero VAD v5 (MIT licence, from snakers4/silero-vad), shipped with the app: see assets/models/README.md. */
const MODEL_FILE = path.join('assets', 'models', 'silero_vad_v5.onnx');

/**
 * The model in the first folder above this module that has it: the project root from the sources (vitest), from
 * out/cli (the CLI bundle) and from out/main (the app, inside its asar archive, which Electron's fs reads).
 */
function findModel(from: string): string {
  for (let folder = from; ; folder = path.dirname(folder)) {
    if (existsSync(path.join(folder, MODEL_FILE))) return path.join(folder, MODEL_FILE);
    if (path.dirname(folder) === folder) return path.join(from, MODEL_FILE); // missing: the load below says so
  }
}

let shared: Promise<SileroModel> | undefined;

/**
 * Asks V8 to run the model's WebAssembly with its baseline compiler only, before the model is loaded: the optimising
 * compiler takes ~150 MB more for onnxruntime's 14 MB module, which is what decides whether a 2-hour file fits in
 * 400 MB; voice detection is then about a third slower. For long files in `sokhan transcribe`; no effect once loaded.
 */
export function preferLowMemoryModel(): void {
  if (!shared) setFlagsFromString('--liftoff-only');
}

/** Loads the model once per process (about half a second) and hands the same instance to every caller. */
export function loadSileroModel(): Promise<SileroModel> {
  shared ??= createModel().catch((err: unknown) => {
    shared = undefined; // let a later call try again, e.g. after a missing file is restored
    throw err;
  });
  return shared;
}

async function createModel(): Promise<SileroModel> {
  const require = createRequire(import.meta.url);
  const ortEntry = require.resolve('onnxruntime-web');
  const modelPath = findModel(path.dirname(fileURLToPath(import.meta.url)));
  const ort: Ort = await import('onnxruntime-web');
  // Everything comes from node_modules: the wasm binary is handed over in memory, so nothing is ever fetched.
  const wasmDir = path.dirname(ortEntry);
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  ort.env.wasm.wasmPaths = pathToFileURL(wasmDir + path.sep).href;
  ort.env.wasm.wasmBinary ??= await readFile(path.join(wasmDir, 'ort-wasm-simd-threaded.wasm'));
  ort.env.logLevel = 'error';
  let session: InferenceSession;
  try {
    session = await ort.InferenceSession.create(await readFile(modelPath), {
      executionProviders: ['wasm'],
      graphOptimizationLevel: 'all',
    });
  } catch (err) {
    throw new Error(
      `Voice detection model could not be loaded (${modelPath}): ${String(err)}. Reinstall the app. / ` +
        'مدل تشخیص گفتار بارگذاری نشد؛ برنامه را دوباره نصب کنید.',
    );
  }
  const sr = new ort.Tensor('int64', BigInt64Array.from([16000n]), []);
  // ort-web runs one inference at a time per session; a queue keeps concurrent detectors from colliding.
  let queue: Promise<unknown> = Promise.resolve();
  const step = async (input: Float32Array, state: Float32Array, batch: number) => {
    const out = await session.run({
      input: new ort.Tensor('float32', input, [batch, WINDOW_SAMPLES]),
      state: new ort.Tensor('float32', state, [2, batch, 128]),
      sr,
    });
    return { probs: (out.output as Tensor).data as Float32Array, state: (out.stateN as Tensor).data as Float32Array };
  };
  return {
    step(input, state, batch) {
      const result = queue.then(() => step(input, state, batch));
      queue = result.catch(() => undefined);
      return result;
    },
  };
}
