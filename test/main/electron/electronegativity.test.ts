import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditElectron, auditThisProject, readExplanations } from '../../../scripts/audit-electron';

describe('Electronegativity over the Electron host (offline)', () => {
  it('finds nothing in this project that docs/security.md does not explain, and reads every file', async () => {
    const result = await auditThisProject();
    expect(result.checks).toBeGreaterThan(30);
    expect(result.parseErrors).toEqual([]);
    expect(result.unexplained).toEqual([]);
    expect(result.stale).toEqual([]);
    // The settings it checks hardest hold: no Node in pages, isolation, sandbox, handlers, navigation limits.
    const ids = new Set(result.findings.map((finding) => finding.id));
    for (const id of [
      'NODE_INTEGRATION_JS_CHECK',
      'CONTEXT_ISOLATION_JS_CHECK',
      'SANDBOX_JS_CHECK',
      'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK',
      'LIMIT_NAVIGATION_GLOBAL_CHECK',
    ])
      expect(ids.has(id), id).toBe(false);
  });

  it('fails a host without isolation, sandbox, permission handler, navigation limits or CSP', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sokhan-bad-host-'));
    mkdirSync(join(root, 'electron'));
    mkdirSync(join(root, 'renderer'));
    writeFileSync(
      join(root, 'electron', 'main.ts'),
      `import { app, BrowserWindow } from 'electron';
app.whenReady().then(() => {
  const window = new BrowserWindow({
    webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false },
  });
  void window.loadURL('https://example.com/');
});
`,
    );
    writeFileSync(join(root, 'renderer', 'index.html'), '<!doctype html><title>x</title>');
    const explanations = readExplanations(readFileSync('docs/security.md', 'utf8'));
    const result = await auditElectron({
      electronDir: join(root, 'electron'),
      rendererHtmlDir: join(root, 'renderer'),
      explanations,
      electronVersion: '41.7.1',
    });
    const unexplained = new Set(result.unexplained.map((finding) => finding.id));
    for (const id of [
      'CONTEXT_ISOLATION_JS_CHECK',
      'SANDBOX_JS_CHECK',
      'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK',
      'LIMIT_NAVIGATION_GLOBAL_CHECK',
      'CSP_GLOBAL_CHECK',
    ])
      expect(unexplained.has(id), id).toBe(true);
  });

  it('takes explanations only from the table in docs/security.md, by check and file', () => {
    const rows = readExplanations(readFileSync('docs/security.md', 'utf8'));
    expect(rows).toContainEqual({ id: 'OPEN_EXTERNAL_JS_CHECK', file: 'electron/setup-security.ts' });
    expect(rows.every((row) => /^[A-Z_]+$/.test(row.id) && /^(electron|renderer)\//.test(row.file))).toBe(true);
    expect(readExplanations('| NODE_INTEGRATION_JS_CHECK | electron/main.ts | outside the markers |')).toEqual([]);
  });
});
