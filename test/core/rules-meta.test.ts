import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { LanguageService, parseFile, resolveSettings, RULES, type RawSettings } from '../../server/src/core';

const ROOT = path.resolve(__dirname, '..', '..', '..');

describe('every rule', () => {
  it('has a stable kebab-case id, a description and a default severity', () => {
    for (const rule of RULES) {
      ok(/^[a-z]+(-[a-z0-9]+)+$/.test(rule.id), rule.id);
      ok(rule.meta.description.length > 20, rule.id);
      ok(['error', 'warning', 'information', 'hint'].includes(rule.meta.defaultSeverity), rule.id);
    }
    strictEqual(new Set(RULES.map((r) => r.id)).size, RULES.length);
  });

  it('lives in its own file named by its id', () => {
    const files = readdirSync(path.join(ROOT, 'server/src/core/rules')).filter((f) => /^[a-z]+(-[a-z0-9]+)+\.ts$/.test(f));
    deepStrictEqual(files.map((f) => f.replace(/\.ts$/, '')).sort(), RULES.map((r) => r.id).sort());
  });

  it('has a docs page titled by its id, and no page lacks a rule', () => {
    for (const rule of RULES) {
      const page = path.join(ROOT, 'docs/rules', `${rule.id}.md`);
      ok(existsSync(page), page);
      strictEqual(readFileSync(page, 'utf8').split('\n')[0], `# ${rule.id}`);
    }
    deepStrictEqual(readdirSync(path.join(ROOT, 'docs/rules')).map((f) => f.replace(/\.md$/, '')).sort(), RULES.map((r) => r.id).sort());
  });

  it('has its own test file', () => {
    for (const rule of RULES) ok(existsSync(path.join(ROOT, 'test/core/rules', `${rule.id}.test.ts`)), rule.id);
  });

  it('is listed in the README', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const rule of RULES) ok(readme.includes(`docs/rules/${rule.id}.md`), rule.id);
  });
});

describe('every rule reports through its metadata', () => {
  it('declares its messages, a fixed severity, whether it fixes, and its scope; each message placeholder is a plain name', () => {
    for (const rule of RULES) {
      const ids = Object.keys(rule.meta.messages);
      ok(ids.length > 0, rule.id);
      for (const id of ids) ok(/^[a-z][A-Za-z]*$/.test(id), `${rule.id}: message id ${id}`);
      for (const template of Object.values(rule.meta.messages)) for (const [, key] of template.matchAll(/\{\{(\w*)\}\}/g)) ok(/^[a-z][A-Za-z]*$/.test(key ?? ''), `${rule.id}: placeholder ${key}`);
      strictEqual(typeof rule.meta.fixable, 'boolean', rule.id);
      ok(['resource', 'workspace'].includes(rule.meta.scope), rule.id);
    }
  });
});

/**
 * Each page's examples: every fenced YAML block after a line (or heading) that starts with
 * `Reported` or `Not reported`, up to the next heading or label.
 */
function examplesAfter(page: string, label: 'Reported' | 'Not reported'): string[] {
  const lines = page.split('\n');
  const found: string[] = [];
  let inSection = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^(#+\s*)?(Reported|Not reported)\b/.test(line)) inSection = line.replace(/^#+\s*/, '').startsWith(label);
    else if (/^#/.test(line)) inSection = false;
    else if (inSection && /^```ya?ml\s*$/.test(line)) {
      const end = lines.findIndex((l, j) => j > i && l.startsWith('```'));
      found.push(lines.slice(i + 1, end).join('\n'));
      i = end;
    }
  }
  return found;
}

/** A first line `# with settings: {json}` names the settings an example needs (a Kubernetes version, say). */
function settingsOf(example: string): RawSettings {
  const match = /^# with settings: (\{.*\})\s*$/m.exec(example.split('\n')[0] ?? '');
  return match ? (JSON.parse(match[1]!) as RawSettings) : {};
}

/** Whether every document of an example is a whole object (a fragment such as `metadata:` alone is only illustrated). */
function isWholeManifest(example: string): boolean {
  const file = parseFile(example);
  return file.documents.length > 0 && file.resources.length === file.documents.length && file.resources.every((r) => r.kind !== undefined && r.apiVersion !== undefined);
}

function ruleIdsFound(example: string): string[] {
  const service = new LanguageService();
  service.update('example.yaml', example);
  return service.diagnostics('example.yaml', resolveSettings(settingsOf(example)).settings).findings.map((f) => f.ruleId);
}

const pageOf = (id: string): string => readFileSync(path.join(ROOT, 'docs/rules', `${id}.md`), 'utf8');
const testFileOf = (id: string): string => readFileSync(path.join(ROOT, 'test/core/rules', `${id}.test.ts`), 'utf8');

describe('the rule registry, walked (every rule in RULES, whoever added it)', () => {
  for (const rule of RULES) {
    describe(rule.id, () => {
      it('its page shows a reported and a not-reported YAML example, each valid YAML', () => {
        const reported = examplesAfter(pageOf(rule.id), 'Reported');
        const notReported = examplesAfter(pageOf(rule.id), 'Not reported');
        ok(reported.length > 0, `docs/rules/${rule.id}.md: a \`Reported\` line followed by a yaml block`);
        ok(notReported.length > 0, `docs/rules/${rule.id}.md: a \`Not reported\` line followed by a yaml block`);
        for (const example of [...reported, ...notReported]) deepStrictEqual(parseAllDocuments(example).flatMap((d) => d.errors.map((e) => e.message)), [], example);
      });

      it('its whole-manifest examples are its fixtures: the reported ones report it, the others do not', () => {
        for (const example of examplesAfter(pageOf(rule.id), 'Reported').filter(isWholeManifest)) ok(ruleIdsFound(example).includes(rule.id), `not reported by ${rule.id}:\n${example}`);
        for (const example of examplesAfter(pageOf(rule.id), 'Not reported').filter(isWholeManifest)) ok(!ruleIdsFound(example).includes(rule.id), `reported by ${rule.id}:\n${example}`);
      });

      it('its test file asserts every message id it declares, and a case where it reports nothing', () => {
        const tests = testFileOf(rule.id);
        for (const messageId of Object.keys(rule.meta.messages)) ok(new RegExp(`['"\`]${messageId}['"\`]`).test(tests), `test/core/rules/${rule.id}.test.ts never names message ${messageId}`);
        ok(/,\s*\[\]\s*\)|\.length,\s*0\)|it\(\s*[`'"][^`'"]*(not reported|silent|no finding)/i.test(tests), `test/core/rules/${rule.id}.test.ts: no case where the rule reports nothing`);
      });

      it('declares a fix only with a test that applies it to the real text', () => {
        if (!rule.meta.fixable) return;
        ok(/\bapplyEdits\(/.test(testFileOf(rule.id)), `test/core/rules/${rule.id}.test.ts: meta.fixable is true, but no test applies a fix (applyEdits)`);
      });
    });
  }
});
