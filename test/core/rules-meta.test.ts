import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../../server/src/core';

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
