import { deepStrictEqual, ok } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RULES, type Rule } from '../../server/src/core';
import { service, TestWorkspace } from '../helpers/workspace';

/** A rule that reports one finding per message id, on the Service's name. */
const twoWeights: Rule = {
  id: 'test-two-weights',
  meta: {
    description: 'A test rule whose messages carry different severities.',
    defaultSeverity: 'error',
    severities: { mild: 'hint' },
    messages: { grave: 'grave', mild: 'mild' },
    fixable: false,
    scope: 'resource',
  },
  check(context, report) {
    const span = context.service.name!.valueSpan;
    report({ messageId: 'grave', span });
    report({ messageId: 'mild', span });
  },
};

describe('per-message severity (meta.severities)', () => {
  it('a message id listed in meta.severities takes that severity; the others take the default', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a' }) }, undefined, { rules: [twoWeights] });
    deepStrictEqual(ws.findings('a.yaml').map((f) => [f.messageId, f.severity]), [['grave', 'error'], ['mild', 'hint']]);
  });

  it('every rule lists only its own message ids in meta.severities', () => {
    for (const rule of RULES) for (const id of Object.keys(rule.meta.severities ?? {})) ok(id in rule.meta.messages, `${rule.id}: ${id}`);
  });
});
