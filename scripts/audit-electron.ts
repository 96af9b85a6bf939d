/**
 * `npm run audit:electron`: Electronegativity (Doyensec's static checker for Electron security settings) over the
 * Electron host's sources and the window's HTML, offline. Every finding must be explained in docs/security.md (its
 * table between the electronegativity markers, by check id and file); an unexplained finding, or a file the checker
 * could not parse, fails. Also run by test/main/electron/electronegativity.test.ts, so `npm test` runs it.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface Finding {
  id: string;
  file: string;
  line: number;
  severity: string;
  description: string;
}

export interface AuditResult {
  checks: number;
  findings: Finding[];
  unexplained: Finding[];
  /** Explanations no finding needed any more (reported, not fatal: the doc should be tidied). */
  stale: Array<{ id: string; file: string }>;
  parseErrors: Array<{ file: string; message: string }>;
}

const require = createRequire(import.meta.url);

/**
 * Electronegativity fetches its translations from the internet on every run (and waits for the answer); this
 * points it at the English ones it ships, so the audit never touches the network.
 */
function loadBundledTranslations(): void {
  const i18nModulePath = require.resolve('@doyensec/electronegativity/dist/locales/i18n.js');
  if (require.cache[i18nModulePath]) return;
  const i18n = createRequire(i18nModulePath)('i18n') as {
    configure(options: object): void;
    setLocale(locale: string): void;
  };
  const offline = new Module(i18nModulePath);
  offline.filename = i18nModulePath;
  offline.loaded = true;
  offline.exports = {
    __esModule: true,
    default: async () => {
      i18n.configure({
        locales: ['en-US'],
        defaultLocale: 'en-US',
        directory: dirname(i18nModulePath),
        updateFiles: false,
        objectNotation: true,
        register: globalThis,
      });
      i18n.setLocale('en-US');
    },
  };
  require.cache[i18nModulePath] = offline;
}

/** The explained findings: rows `| CHECK_ID | file | why |` between the markers in docs/security.md. */
export function readExplanations(markdown: string): Array<{ id: string; file: string }> {
  const start = markdown.indexOf('<!-- electronegativity:start -->');
  const end = markdown.indexOf('<!-- electronegativity:end -->');
  if (start === -1 || end === -1) return [];
  return markdown
    .slice(start, end)
    .split('\n')
    .map((line) => /^\|\s*`?([A-Z_]+)`?\s*\|\s*`?([^|`]+?)`?\s*\|/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ id: match[1]!, file: match[2]! }));
}

interface ElectronegativityIssue {
  id: string;
  file: string;
  location: { line: number };
  severity: { name: string };
  description: string;
}

/**
 * Copies the sources to scan into one folder (electron/… and renderer/…, so the global checks see the permission
 * handlers and the page's CSP together) and runs every check except the one that needs the internet.
 */
export async function auditElectron(options: {
  electronDir: string;
  rendererHtmlDir: string;
  explanations: Array<{ id: string; file: string }>;
  electronVersion: string;
}): Promise<AuditResult> {
  loadBundledTranslations();
  const run = require('@doyensec/electronegativity') as (options: object) => Promise<{
    globalChecks: number;
    atomicChecks: number;
    errors: Array<{ file: string; message: string; tolerable: boolean }>;
    issues: ElectronegativityIssue[];
  }>;
  const stage = mkdtempSync(join(tmpdir(), 'sokhan-electronegativity-'));
  try {
    cpSync(options.electronDir, join(stage, 'electron'), { recursive: true });
    for (const name of readdirSync(options.rendererHtmlDir).filter((file) => file.endsWith('.html')))
      cpSync(join(options.rendererHtmlDir, name), join(stage, 'renderer', name));
    const report = await run({
      input: stage,
      isRelative: true,
      // The only check that goes online (it asks GitHub which Electron releases fixed what).
      excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
      electronVersionOverride: options.electronVersion,
    });
    const findings = report.issues.map((issue) => ({
      id: issue.id,
      file: issue.file.split('\\').join('/'),
      line: issue.location.line,
      severity: issue.severity.name,
      description: issue.description,
    }));
    const explained = (finding: Finding) =>
      options.explanations.some((row) => row.id === finding.id && row.file === finding.file);
    return {
      checks: report.globalChecks + report.atomicChecks,
      findings,
      unexplained: findings.filter((finding) => !explained(finding)),
      stale: options.explanations.filter((row) => !findings.some((f) => f.id === row.id && f.file === row.file)),
      parseErrors: report.errors.filter((error) => !error.tolerable),
    };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** The audit of this repository as `npm run audit:electron` runs it. */
export function auditThisProject(root = resolve('.')): Promise<AuditResult> {
  const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  };
  return auditElectron({
    electronDir: join(root, 'src-main', 'electron'),
    rendererHtmlDir: join(root, 'src-renderer'),
    explanations: readExplanations(readFileSync(join(root, 'docs', 'security.md'), 'utf8')),
    electronVersion: packageJson.devDependencies.electron!.replace(/^[^\d]*/, ''),
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await auditThisProject();
  const explainedCount = result.findings.length - result.unexplained.length;
  console.log(
    `electronegativity: ${result.checks} checks, ${result.findings.length} findings, ${explainedCount} ` +
      'explained in docs/security.md',
  );
  for (const row of result.stale)
    console.log(`  no longer found (remove from docs/security.md): ${row.id} ${row.file}`);
  for (const error of result.parseErrors) console.error(`  could not check ${error.file}: ${error.message}`);
  for (const f of result.unexplained)
    console.error(`  UNEXPLAINED ${f.id} ${f.file}:${f.line} (${f.severity}): ${f.description.split('\n')[0]}`);
  if (result.unexplained.length > 0 || result.parseErrors.length > 0) {
    console.error('Fix each finding, or explain it in docs/security.md if it is a false alarm or accepted.');
    process.exitCode = 1;
  }
}
