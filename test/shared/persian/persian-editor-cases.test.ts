import { describe, expect, it } from 'vitest';
import { EDITOR_CASES } from './editor-cases';
import { runCase, scoreByCategory } from './editor-score';

describe('Persian editor test set (hazm, virastar, Parsivar and persian-tools rules, in our own examples)', () => {
  it('has at least 80 pairs across every category', () => {
    expect(EDITOR_CASES.length).toBeGreaterThanOrEqual(80);
    expect(new Set(EDITOR_CASES.map((c) => c.category)).size).toBe(10);
  });

  for (const testCase of EDITOR_CASES) {
    const mode = testCase.digits ? ` [digits=${testCase.digits}]` : '';
    const language = testCase.language ? ` [language=${testCase.language}]` : '';
    it(`${testCase.category}: ${testCase.input}${mode}${language}`, () => {
      expect(runCase(testCase)).toBe(testCase.expected);
    });
  }

  it('scores every category in the report the README quotes', () => {
    const all = scoreByCategory().at(-1);
    expect(all).toEqual({ category: 'all', passed: EDITOR_CASES.length, total: EDITOR_CASES.length });
  });
});
