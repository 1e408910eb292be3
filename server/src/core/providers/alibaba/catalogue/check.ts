import { describeValues } from './index';
import { INVALID_OUTCOMES } from './outcomes';
import { type AnnotationEntry, type InvalidOutcome, type LbProduct, type ValueForm } from './types';

/** What is wrong with one value, by the catalogue's value form of its key. */
export interface ValueProblem {
  readonly effect: 'rejected' | 'misread' | 'ignored';
  readonly accepted: string;
  readonly consequence: string;
  readonly suggestion?: string;
}

/** Values people write to mean "on" and "off"; any other value of a switch is read as off, meaning nothing. */
const ON_WORDS = new Set(['on', 'true', 'yes', 'y', '1', 'enable', 'enabled']);
const OFF_WORDS = new Set(['off', 'false', 'no', 'n', '0', 'disable', 'disabled']);

const EFFECT: Readonly<Record<InvalidOutcome, ValueProblem['effect']>> = {
  'reconcile-fails': 'rejected',
  'cloud-rejects': 'rejected',
  'api-server-rejects': 'rejected',
  misread: 'misread',
  ignored: 'ignored',
};

const quoted = (options: readonly string[]): string => options.map((o) => `"${o}"`).join(', ');

/** The accepted form as what a message tells the author to write ("write …"). */
export function acceptedPhrase(form: ValueForm): string {
  const casing = (compare: string): string => (compare === 'exact' ? 'exactly, case-sensitive' : 'in any case');
  switch (form.kind) {
    case 'enum':
      return `${form.options.length > 1 ? 'one of ' : ''}${quoted(form.options)} (${casing(form.compare)})`;
    case 'switch':
      if (form.compare === 'present') return 'the key only to switch it on (any value does); remove it to switch it off';
      if (form.compare === 'non-empty') return 'a value only to switch it on (any value does); remove the key to switch it off';
      return form.compare === 'exact' ? `exactly "${form.on}" to switch it on` : `"${form.on}" (in any case) to switch it on`;
    case 'integer':
    case 'list':
    case 'text':
      return describeValues(form);
  }
}

/** The form the controller of `product` reads the key's value in. */
export function valueFormFor(entry: AnnotationEntry, product: LbProduct): ValueForm {
  return entry.byProduct?.[product] ?? entry.values;
}

function switchProblem(form: Extract<ValueForm, { kind: 'switch' }>, value: string): Omit<ValueProblem, 'accepted'> | undefined {
  const word = value.trim().toLowerCase();
  if (form.compare === 'non-empty' || form.compare === 'present') {
    // Only a value meant as "off" is a mistake here: it switches the key on all the same.
    if (!OFF_WORDS.has(word)) return undefined;
    return { effect: 'misread', consequence: `the CCM switches it on: ${form.compare === 'present' ? 'the key alone does, whatever its value' : `any non-empty value does, "${value}" too`}` };
  }
  const on = form.compare === 'exact' ? value === form.on : word === form.on.toLowerCase();
  if (on || OFF_WORDS.has(word) || value === '') return undefined;
  if (ON_WORDS.has(word)) return { effect: 'misread', consequence: `the CCM reads "${value}" as off, without a word`, suggestion: form.on };
  return { effect: 'ignored', consequence: `the CCM reads "${value}" as off` };
}

function enumProblem(form: Extract<ValueForm, { kind: 'enum' }>, value: string, outcome: InvalidOutcome): Omit<ValueProblem, 'accepted'> | undefined {
  const fold = (s: string): string => (form.compare === 'exact' ? s : s.toLowerCase());
  if (form.options.some((o) => fold(o) === fold(value))) return undefined;
  const suggestion = form.options.find((o) => o.toLowerCase() === value.trim().toLowerCase());
  return { effect: EFFECT[outcome], consequence: INVALID_OUTCOMES[outcome], ...(suggestion !== undefined ? { suggestion } : {}) };
}

function integerProblem(form: Extract<ValueForm, { kind: 'integer' }>, value: string, outcome: InvalidOutcome): Omit<ValueProblem, 'accepted'> | undefined {
  // Go's strconv.Atoi: an optional sign and decimal digits, nothing else (no spaces, no "1e3").
  const integer = /^[+-]?[0-9]+$/.test(value);
  const inRange = integer && (form.min === undefined || Number(value) >= form.min) && (form.max === undefined || Number(value) <= form.max);
  return inRange ? undefined : { effect: EFFECT[outcome], consequence: INVALID_OUTCOMES[outcome] };
}

function listProblem(form: Extract<ValueForm, { kind: 'list' }>, value: string, outcome: InvalidOutcome): Omit<ValueProblem, 'accepted'> | undefined {
  if (form.pattern === undefined) return undefined;
  const item = new RegExp(form.pattern, form.caseInsensitive ? 'i' : '');
  const bad = value.split(',').find((part) => !item.test(form.trim ? part.trim() : part));
  return bad === undefined ? undefined : { effect: EFFECT[outcome], consequence: `${INVALID_OUTCOMES[outcome]} ("${bad}" is not a \`${form.item}\` item)` };
}

/**
 * What the controller of `product` makes of `value` for `entry`, when it is not an accepted value.
 * An empty value is not judged (the CCM reads most keys as unset when empty) except for switches,
 * where the catalogue says what empty means.
 */
export function checkEntryValue(entry: AnnotationEntry, product: LbProduct, value: string): ValueProblem | undefined {
  const form = valueFormFor(entry, product);
  if (value === '' && form.kind !== 'switch') return undefined;
  let problem: Omit<ValueProblem, 'accepted'> | undefined;
  switch (form.kind) {
    case 'switch':
      problem = switchProblem(form, value);
      break;
    case 'enum':
      problem = enumProblem(form, value, entry.invalid);
      break;
    case 'integer':
      problem = integerProblem(form, value, entry.invalid);
      break;
    case 'list':
      problem = listProblem(form, value, entry.invalid);
      break;
    case 'text':
      problem = undefined;
      break;
  }
  return problem && { ...problem, accepted: acceptedPhrase(form) };
}
