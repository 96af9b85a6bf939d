import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { join, relative, resolve, sep } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// electron-builder cannot fetch Electron here, so the installers are built elsewhere; this file proves the config they
// are built from with electron-builder's own schema validator and its own file matcher, against the built tree.
const require = createRequire(import.meta.url);
const projectDir = resolve('.');

type Filter = (file: string, stat: { isDirectory(): boolean }) => boolean;
interface FileMatcherLike {
  createFilter(): Filter;
}
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean }): Promise<void>;
};
const { FileMatcher, getMainFileMatchers, getNodeModuleFileMatcher } =
  require('app-builder-lib/out/fileMatcher.js') as {
    FileMatcher: new (from: string, to: string, expand: (s: string) => string, patterns?: string[]) => FileMatcherLike;
    getMainFileMatchers(...args: unknown[]): FileMatcherLike[];
    getNodeModuleFileMatcher(...args: unknown[]): FileMatcherLike;
  };

type BuilderConfig = Record<string, unknown> & {
  files: string[];
  asarUnpack: string[];
  directories: { buildResources: string; output: string };
  electronFuses: Record<string, boolean>;
  mac: Record<string, unknown> & { extendInfo: Record<string, string> };
  linux: { target: string[] };
};
const config = parse(readFileSync('electron-builder.yml', 'utf8')) as BuilderConfig;
const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

const same = (text: string) => text;
// What electron-builder's packager hands its matchers; only these fields are read when the files are chosen.
const packager = {
  info: {
    projectDir,
    buildResourcesDir: config.directories.buildResources,
    isPrepackedAppAsar: false,
    config,
    debugLogger: { isEnabled: false },
  },
};
const appFilter = getMainFileMatchers(
  projectDir,
  '/app',
  same,
  {},
  packager,
  resolve(config.directories.output),
  false,
)[0]!.createFilter();
const moduleFilter = getNodeModuleFileMatcher(projectDir, '/app', same, {}, packager.info).createFilter();

/** Every file under a folder that electron-builder would copy into the app (it walks folders the filter lets in). */
function packedFiles(folder: string): string[] {
  const packed: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.name === 'node_modules' || entry.name === '.git') continue;
    if (!appFilter(path, statSync(path))) continue;
    if (entry.isDirectory()) packed.push(...packedFiles(path));
    else packed.push(relative(projectDir, path).split(sep).join('/'));
  }
  return packed;
}

/** Whether a file inside node_modules survives the config's exclusions (modules are copied by a separate walker). */
function moduleFileKept(file: string): boolean {
  const path = resolve(file);
  return moduleFilter(path, statSync(path));
}

/** The files one asarUnpack pattern names, found by electron-builder's matcher from the pattern's fixed prefix. */
function filesNamedBy(pattern: string): string[] {
  const filter = new FileMatcher(projectDir, '/app', same, [pattern]).createFilter();
  const fixed = pattern.split('/').filter((_, i, parts) => !/[*?{[]/.test(parts.slice(0, i + 1).join('/')));
  const found: string[] = [];
  const walk = (folder: string) => {
    if (!existsSync(folder)) return;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (filter(path, statSync(path))) found.push(relative(projectDir, path).split(sep).join('/'));
    }
  };
  const start = join(projectDir, ...fixed);
  if (existsSync(start) && statSync(start).isFile()) return filter(start, statSync(start)) ? [fixed.join('/')] : [];
  walk(start);
  return found;
}

let packed: string[] = [];
beforeAll(() => {
  // The tests' global setup builds out/ (main, preload, renderer) exactly as it ships.
  packed = packedFiles(projectDir);
});

describe('electron-builder.yml', () => {
  it("is valid for electron-builder's own schema, which also refuses a misspelt fuse", async () => {
    await expect(validateConfiguration(config, { isEnabled: false })).resolves.toBeUndefined();
    const misspelt = { ...config, electronFuses: { ...config.electronFuses, runAsnode: false } };
    await expect(validateConfiguration(misspelt, { isEnabled: false })).rejects.toThrow(/electronFuses/);
  });

  it('builds every installer: AppImage and deb, a hardened dmg with the microphone, NSIS', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.mac.target).toBe('dmg');
    expect((config.win as { target: string }).target).toBe('nsis');
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.extendInfo.NSMicrophoneUsageDescription).toMatch(/microphone/);
    expect(config.mac.extendInfo.NSMicrophoneUsageDescription).toMatch(/میکروفون/);
    for (const key of ['entitlements', 'entitlementsInherit'] as const) {
      const plist = readFileSync(config.mac[key] as string, 'utf8');
      for (const entitlement of [
        'com.apple.security.device.audio-input',
        'com.apple.security.cs.allow-jit',
        'com.apple.security.cs.allow-unsigned-executable-memory',
      ]) {
        expect(plist).toMatch(new RegExp(`<key>${entitlement.replaceAll('.', '\\.')}</key>\\s*<true/>`));
      }
      // No camera, and no sandbox exceptions the app does not use.
      expect(plist).not.toMatch(/camera|disable-library-validation|allow-dyld/);
    }
    // deb needs a maintainer, or electron-builder stops half-way through a release.
    expect((config.linux as unknown as { maintainer: string }).maintainer).toMatch(/<.+@.+>/);
  });

  it('sets the Electron fuses: no Node mode, no inspector, no NODE_OPTIONS, only the checked app.asar', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeCliInspectArguments: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
    expect(config.asar).not.toBe(false);
  });
});

describe('what the installers pack', () => {
  it('packs the built main process, preload and window, and the icons the tray loads', () => {
    for (const entry of [
      'out/main/index.js',
      'out/preload/preload.cjs',
      'out/renderer/index.html',
      'out/renderer/overlay.html',
      'assets/icon.png',
      'assets/tray-idle.png',
      'package.json',
    ]) {
      expect(existsSync(entry), `${entry} was not built`).toBe(true);
      expect(packed, entry).toContain(entry);
    }
    expect(packed.some((file) => /^out\/renderer\/assets\/index-.+\.js$/.test(file))).toBe(true);
  });

  it('packs no sources, tests, docs, build scripts, maps or the CLI bundle', () => {
    // The voice model ships with the README that carries its MIT licence and provenance.
    const model = ['assets/models/silero_vad_v5.onnx', 'assets/models/README.md'];
    expect(packed).toEqual(expect.arrayContaining(model));
    const allowed = /^(out\/(main|preload|renderer)\/|assets\/[^/]+\.png$|package\.json$)/;
    expect(packed.filter((file) => !allowed.test(file) && !model.includes(file))).toEqual([]);
    expect(packed.filter((file) => /\.(ts|tsx|map|md)$/.test(file) && !model.includes(file))).toEqual([]);
    for (const folder of ['src-main', 'src-renderer', 'src-shared', 'test', 'docs', 'bench', 'build', 'out/cli']) {
      expect(
        packed.some((file) => file.startsWith(`${folder}/`)),
        folder,
      ).toBe(false);
    }
  });

  it('keeps modules lean: no maps, READMEs or test folders inside them, licences and entry files kept', () => {
    const openaiDir = join('node_modules', 'openai');
    expect(moduleFileKept(join(openaiDir, 'index.js'))).toBe(true);
    expect(moduleFileKept(join(openaiDir, 'LICENSE'))).toBe(true);
    const mapFile = readdirSync(openaiDir).find((name) => name.endsWith('.js.map'));
    expect(mapFile).toBeDefined();
    expect(moduleFileKept(join(openaiDir, mapFile!))).toBe(false);
    const nestedReadme = join('node_modules', 'onnxruntime-web', 'lib', 'README.md');
    if (existsSync(nestedReadme)) expect(moduleFileKept(nestedReadme)).toBe(false);
    const tsSource = readdirSync(join(openaiDir, 'src')).find((name) => name.endsWith('.ts'));
    expect(moduleFileKept(join(openaiDir, 'src', tsSource!))).toBe(false);
  });

  it(
    'unpacks files that exist and are packed (paths taken from the config, so moving the model needs ' +
      'only the yml)',
    () => {
      expect(config.asarUnpack.length).toBeGreaterThan(0);
      for (const pattern of config.asarUnpack) {
        const files = filesNamedBy(pattern);
        expect(files, `asarUnpack ${pattern} names no file`).not.toEqual([]);
        for (const file of files) {
          const moduleName = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1];
          if (moduleName) {
            expect(Object.keys(packageJson.dependencies), `${moduleName} is not a runtime dependency`).toContain(
              moduleName,
            );
            expect(moduleFileKept(file), file).toBe(true);
          } else {
            expect(packed, file).toContain(file);
          }
        }
      }
    },
  );

  it('every module the built main process imports is a runtime dependency (devDependencies are not packed)', () => {
    const main = readFileSync('out/main/index.js', 'utf8');
    const imported = new Set(
      [...main.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)["']([^"'.][^"']*)["']/g)].map((match) => match[1]!),
    );
    const packageName = (specifier: string) =>
      specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
    const external = [...imported]
      .filter((specifier) => !specifier.startsWith('node:') && !builtinModules.includes(specifier))
      .map(packageName)
      .filter((name) => name !== 'electron');
    expect(external.length).toBeGreaterThan(0);
    for (const name of external) expect(Object.keys(packageJson.dependencies), name).toContain(name);
  });
});
