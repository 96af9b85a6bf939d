import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { writeWav } from '../../support/speech-fixtures';

// The installers leave most of onnxruntime-web out (other runtimes' wasm builds, sources, browser bundles: ~110 MiB).
// This proves that what is left is enough: the real CLI bundle, resolving its modules from a node_modules where that
// package holds only the files electron-builder would pack, with the model from assets/models, loads the voice
// detector and runs it over a recording.
const run = promisify(execFile);
const require = createRequire(import.meta.url);
const projectDir = resolve('.');
const { getNodeModuleFileMatcher } = require('app-builder-lib/out/fileMatcher.js') as {
  getNodeModuleFileMatcher(...args: unknown[]): {
    isEmpty(): boolean;
    createFilter(): (file: string, stat: { isDirectory(): boolean }) => boolean;
  };
};
const config = parse(readFileSync('electron-builder.yml', 'utf8')) as Record<string, unknown>;
const matcher = getNodeModuleFileMatcher(
  projectDir,
  '/app',
  (text: string) => text,
  {},
  {
    projectDir,
    buildResourcesDir: 'build',
    isPrepackedAppAsar: false,
    config,
    debugLogger: { isEnabled: false },
  },
);
const keep = matcher.createFilter();

/** Copies a module's files that electron-builder would pack; returns how many bytes were kept and left out. */
function copyPacked(from: string, to: string, sizes = { kept: 0, dropped: 0 }): typeof sizes {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const stat = statSync(source);
    if (entry.isDirectory()) {
      if (keep(source, stat)) copyPacked(source, join(to, entry.name), sizes);
      else sizes.dropped += folderBytes(source);
    } else if (keep(source, stat)) {
      mkdirSync(to, { recursive: true });
      cpSync(source, join(to, entry.name));
      sizes.kept += stat.size;
    } else sizes.dropped += stat.size;
  }
  return sizes;
}

function folderBytes(folder: string): number {
  let total = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    total += entry.isDirectory() ? folderBytes(path) : statSync(path).size;
  }
  return total;
}

let root = '';
// fs.rm removes the symbolic links, never what they point at.
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the packed voice detector', () => {
  it('loads and runs from only the files the installers keep of onnxruntime-web, and the shipped model', async () => {
    root = mkdtempSync(join(tmpdir(), 'sokhan-packed-'));
    const modules = join(root, 'node_modules');
    mkdirSync(modules, { recursive: true });
    for (const name of readdirSync('node_modules')) {
      if (name === 'onnxruntime-web' || name === '.bin') continue;
      symlinkSync(resolve('node_modules', name), join(modules, name));
    }
    const size = copyPacked(resolve('node_modules', 'onnxruntime-web'), join(modules, 'onnxruntime-web'));
    // Most of the package is left out, or this test proves nothing new.
    expect(size.dropped).toBeGreaterThan(size.kept);
    expect(listFiles(join(modules, 'onnxruntime-web'))).toContain('dist/ort-wasm-simd-threaded.wasm');
    // The model ships in assets/models, packed as the files pattern says (the module finds it above out/cli).
    expect((config.files as string[]).includes('assets/models/**')).toBe(true);
    cpSync(resolve('assets', 'models'), join(root, 'assets', 'models'), { recursive: true });

    // The CLI bundled as `npm run build:cli` does, into the folder that holds the trimmed node_modules.
    await build({
      entryPoints: ['src-main/cli/sokhan.ts'],
      bundle: true,
      splitting: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      outdir: join(root, 'out', 'cli'),
      outExtension: { '.js': '.mjs' },
      logLevel: 'silent',
    });
    // Two seconds of quiet noise: the detector must load (it does for any recording) and find no speech.
    const noise = Int16Array.from({ length: 32_000 }, (_, i) => Math.round(Math.sin(i * 12.9898) * 40));
    const wav = join(root, 'quiet.wav');
    await writeWav(wav, noise);
    const result = await run(
      process.execPath,
      [join(root, 'out', 'cli', 'sokhan.mjs'), 'transcribe', wav, '--json', '--base-url', 'http://127.0.0.1:9/v1'],
      { env: { ...process.env, SOKHAN_DATA_DIR: join(root, 'data'), OPENAI_API_KEY: 'sk-unused-0000' } },
    );
    expect(result.stderr).not.toMatch(/could not be loaded/);
    expect(JSON.parse(result.stdout)).toMatchObject({ audioMs: 2000, chunks: [] });
  });
});

function listFiles(folder: string, base = folder): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? listFiles(join(folder, entry.name), base)
      : [relative(base, join(folder, entry.name)).split('\\').join('/')],
  );
}
