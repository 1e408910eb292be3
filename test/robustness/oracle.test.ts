import { doesNotThrow, throws } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type TextEdit } from '../../server/src/core';
import { assertFixAllIntended, assertFixIntended } from './oracle';

/**
 * The oracle itself: it accepts each kind of change a fix may make when made exactly, and refuses
 * the same edit gone slightly wrong. Without these, a lenient oracle would let every fix pass.
 */

const ID = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id';
const LEGACY_ID = 'service.beta.kubernetes.io/alicloud-loadbalancer-id';
const HOSTNAME = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostname';
const ADDRESS_TYPE = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type';
const TEXT = [
  'apiVersion: v1',
  'kind: Service',
  'metadata:',
  '  name: web',
  '  annotations:',
  `    ${ID}: "lb-1"`,
  `    ${LEGACY_ID}: lb-1`,
  '    note: on',
  '    empty:',
  `    "${ADDRESS_TYPE}": "Internet"`,
  'spec:',
  '  type: loadbalancer',
  '  externalTrafficPolicy: Local',
  '  ports:',
  '    - port: 80',
  '',
].join('\n');

/** An edit replacing the value written after `prefix` (a whole line's start, up to the value) up to the line end. */
function value(prefix: string, newText: string): TextEdit {
  const start = TEXT.indexOf(prefix) + prefix.length;
  if (start < prefix.length) throw new Error(`${prefix} not in the text`);
  return { span: { start, end: TEXT.indexOf('\n', start) }, newText };
}

/** An edit replacing the key at the start of the line `    KEY:`. */
function key(old: string, newText: string): TextEdit {
  const start = TEXT.indexOf(`    ${old}:`) + 4;
  return { span: { start, end: start + old.length }, newText };
}

/** An edit removing the whole line that starts with `start`. */
function lineOf(start: string): TextEdit {
  const at = TEXT.indexOf(start);
  return { span: { start: at, end: TEXT.indexOf('\n', at) + 1 }, newText: '' };
}

const insertBefore = (line: string, newText: string): TextEdit => ({ span: { start: TEXT.indexOf(line), end: TEXT.indexOf(line) }, newText });
const right: Record<string, TextEdit> = {
  'a key renamed': key(LEGACY_ID, ID.replace('-id', '-idx')),
  'a quoted key renamed inside its quotes': { span: { start: TEXT.indexOf(ADDRESS_TYPE), end: TEXT.indexOf(ADDRESS_TYPE) + ADDRESS_TYPE.length }, newText: `${ADDRESS_TYPE}-x` },
  'an unquoted value quoted, its text kept': value('    note: ', '"on"'),
  'a null value written as ""': value('    empty:', ' ""'),
  'a value recased, quotes kept': value(`"${ADDRESS_TYPE}": `, '"internet"'),
  'an ignored line removed': lineOf(`    ${LEGACY_ID}`),
  'spec.type recased': value('  type: ', 'LoadBalancer'),
  'a spec key removed': lineOf('  externalTrafficPolicy'),
  'the hostname inserted': insertBefore('    note', `    ${HOSTNAME}: "web.example.net"\n`),
};

const wrong: Record<string, TextEdit> = {
  'a quoting that changes the text': value('    note: ', '"On"'),
  'a quoting that writes "" over a value that is not null': value('    note: ', '""'),
  'a quoted value unquoted': value(`    ${ID}: `, 'lb-1'),
  'a rename that drops the quotes of a quoted key': { span: { start: TEXT.indexOf(`"${ADDRESS_TYPE}"`), end: TEXT.indexOf(`"${ADDRESS_TYPE}"`) + ADDRESS_TYPE.length + 2 }, newText: `${ADDRESS_TYPE}-x` },
  'a value changed to another word, not a recasing': value(`"${ADDRESS_TYPE}": `, '"intranet"'),
  'a removal of two annotations': { span: { start: TEXT.indexOf(`    ${LEGACY_ID}`), end: TEXT.indexOf('    empty') }, newText: '' },
  'a spec value changed beyond its case': value('  type: ', 'NodePort'),
  'a removal that leaves half a line': { span: { start: TEXT.indexOf('  externalTrafficPolicy'), end: TEXT.indexOf('Local') }, newText: '' },
  'a hostname inserted with a second key': insertBefore('    note', `    ${HOSTNAME}: "web.example.net"\n    extra: "x"\n`),
};

describe('the oracle', () => {
  for (const [name, edit] of Object.entries(right)) {
    it(`accepts ${name}`, () => {
      doesNotThrow(() => { assertFixIntended(TEXT, [edit], 0, name); });
    });
  }

  it('accepts every right change at once, as fix-all makes them', () => {
    const edits = Object.entries(right)
      .filter(([name]) => name !== 'a key renamed' && name !== 'a quoted key renamed inside its quotes')
      .map(([, edit]) => edit);
    doesNotThrow(() => { assertFixAllIntended(TEXT, edits, 'fix-all'); });
  });

  for (const [name, edit] of Object.entries(wrong)) {
    it(`refuses ${name}`, () => {
      throws(() => { assertFixIntended(TEXT, [edit], 0, name); });
    });
  }
});
