import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../../server/src/core';
import { yaml11TypeOfPlain } from '../../../server/src/core/parse/yaml11';
import { spanOf, spanWithin, TestWorkspace } from '../../helpers/workspace';

const RULE = 'annotation-not-string';

/** A Service whose annotations are the given lines, written as they are (no quoting added). */
function manifest(lines: readonly string[]): string {
  return ['apiVersion: v1', 'kind: Service', 'metadata:', '  name: a', '  annotations:', ...lines.map((l) => `    ${l}`), 'spec:', '  type: LoadBalancer', '  ports:', '    - port: 80', ''].join('\n');
}

describe(RULE, () => {
  it('an unquoted on: an Error on the value, what kubectl reads, and a safe fix that quotes the text as written', () => {
    const text = manifest(['example.com/switch: on']);
    const ws = new TestWorkspace({ 'a.yaml': text });
    const [finding, ...rest] = ws.findings('a.yaml', RULE);
    deepStrictEqual(rest, []);
    deepStrictEqual(
      { ruleId: finding?.ruleId, messageId: finding?.messageId, data: finding?.data, span: finding?.span, severity: finding?.severity },
      { ruleId: RULE, messageId: 'notString', data: { key: 'example.com/switch', value: 'on', reading: 'the boolean true' }, span: spanWithin(text, 'example.com/switch: on', 'on'), severity: 'error' },
    );
    strictEqual(finding?.message.split('. ')[0], 'Quote the value on: kubectl reads it as the boolean true, so the API server rejects the whole Service (annotation values must be strings)');
    deepStrictEqual(finding?.fixes.map((f) => [f.title, f.isPreferred, f.safe]), [['Quote as "on"', true, true]]);
    strictEqual(applyEdits(text, finding.fixes[0]!.edits), manifest(['example.com/switch: "on"']));
  });

  it('booleans, numbers and floats in every spelling YAML 1.1 reads them, each quoted as written', () => {
    const values = ['yes', 'No', 'OFF', 'y', 'N', 'True', 'FALSE', '443', '-1', '+7', '1_000', '0x1F', '017', '08', '1.5', '1e3', '.5', '.inf', '-.Inf', '.NaN', '0b101'];
    const text = manifest(values.map((v, i) => `example.com/k${i}: ${v}`));
    const ws = new TestWorkspace({ 'a.yaml': text });
    const findings = ws.findings('a.yaml', RULE);
    deepStrictEqual(findings.map((f) => f.data['value']), values);
    deepStrictEqual(findings.map((f) => f.data['reading']).slice(0, 8), ['the boolean true', 'the boolean false', 'the boolean false', 'the boolean true', 'the boolean false', 'the boolean true', 'the boolean false', 'a number']);
    strictEqual(applyEdits(text, findings.flatMap((f) => f.fixes[0]!.edits)), manifest(values.map((v, i) => `example.com/k${i}: "${v}"`)));
  });

  it('an empty value: a Warning on the key (the API server stores ""), with a safe fix that writes ""', () => {
    const text = manifest(['example.com/empty:', 'example.com/next: "x"']);
    const ws = new TestWorkspace({ 'a.yaml': text });
    const [finding, ...rest] = ws.findings('a.yaml', RULE);
    deepStrictEqual(rest, []);
    deepStrictEqual(
      { messageId: finding?.messageId, data: finding?.data, span: finding?.span, severity: finding?.severity },
      { messageId: 'nullValue', data: { key: 'example.com/empty', written: 'an empty value' }, span: spanOf(text, 'example.com/empty'), severity: 'warning' },
    );
    deepStrictEqual(finding?.fixes.map((f) => [f.title, f.safe]), [['Write ""', true]]);
    strictEqual(applyEdits(text, finding.fixes[0]!.edits), manifest(['example.com/empty: ""', 'example.com/next: "x"']));
  });

  it('~ and null: a Warning on the value; "" is the safe fix, quoting the word (which changes what is stored) is offered but not applied unasked', () => {
    const text = manifest(['example.com/a: ~', 'example.com/b: Null']);
    const ws = new TestWorkspace({ 'a.yaml': text });
    const findings = ws.findings('a.yaml', RULE);
    deepStrictEqual(findings.map((f) => [f.messageId, f.data['written'], f.span]), [['nullValue', '~', spanOf(text, '~')], ['nullValue', 'Null', spanOf(text, 'Null')]]);
    deepStrictEqual(findings[1]?.fixes.map((f) => [f.title, f.isPreferred, f.safe]), [['Write ""', true, true], ['Quote as "Null"', false, false]]);
    strictEqual(applyEdits(text, findings[0]!.fixes[0]!.edits), manifest(['example.com/a: ""', 'example.com/b: Null']));
  });

  it('empty values in a flow mapping: "" written after the colon; a key without a colon is reported with no fix', () => {
    const text = manifest([]).replace('  annotations:\n', '  annotations: {example.com/a:, example.com/b}\n');
    const ws = new TestWorkspace({ 'a.yaml': text });
    const findings = ws.findings('a.yaml', RULE);
    deepStrictEqual(findings.map((f) => [f.messageId, f.data['key'], f.fixes.length]), [['nullValue', 'example.com/a', 1], ['nullValue', 'example.com/b', 0]]);
    strictEqual(applyEdits(text, findings[0]!.fixes[0]!.edits), manifest([]).replace('  annotations:\n', '  annotations: {example.com/a: "", example.com/b}\n'));
  });

  it('is silent on quoted, block, tagged and multi-line values, on strings YAML 1.1 keeps as text, and on dates', () => {
    const text = manifest([
      'example.com/a: "on"',
      "example.com/b: '443'",
      'example.com/c: |',
      '      on',
      'example.com/d: !!str on',
      'example.com/e: 2024-01-31',
      'example.com/f: oN',
      'example.com/g: nope',
      'example.com/h: 1.2.3',
      'example.com/i: 0x',
      'example.com/j: 10:30',
      'example.com/k: 1e',
      'example.com/l: https:443',
      'example.com/m: two',
      '      words 1',
    ]);
    deepStrictEqual(new TestWorkspace({ 'a.yaml': text }).findings('a.yaml', RULE), []);
  });

  it('resolves plain scalars as go-yaml v2 does', () => {
    const cases: [string, string][] = [
      ['on', 'bool'], ['oN', 'string'], ['YES', 'bool'], ['yEs', 'string'], ['', 'null'], ['NULL', 'null'], ['nULL', 'string'],
      ['0o17', 'int'], ['-0x10', 'int'], ['9223372036854775808', 'int'], ['+9223372036854775808', 'float'], ['0xFFFFFFFFFFFFFFFFFF', 'string'],
      ['1e400', 'string'], ['1.', 'float'], ['-.5', 'float'], ['._5', 'string'], ['+', 'string'], ['_1', 'string'], ['1_', 'int'], ['2001-12-14', 'string'],
    ];
    deepStrictEqual(cases.map(([source]) => [source, yaml11TypeOfPlain(source)]), cases);
  });
});
