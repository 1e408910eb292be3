/**
 * How kubectl reads an untagged plain scalar. kubectl turns YAML into JSON with sigs.k8s.io/yaml,
 * whose parser is a copy of go-yaml v2: YAML 1.1 rules, not the YAML 1.2 core schema the `yaml`
 * package applies here. The rules below follow go-yaml v2's `resolve` (resolve.go) step by step;
 * docs/upstream-notes.md ("kubectl reads YAML 1.1") has the sources.
 */
export type Yaml11Type = 'string' | 'bool' | 'int' | 'float' | 'null';

/** The literal words go-yaml v2 looks up first (its `resolveMap`): exact spellings only, no other casing. */
const WORDS: ReadonlyMap<string, Yaml11Type> = new Map([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((w) => [w, 'bool'] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((w) => [w, 'bool'] as const),
  ...['', '~', 'null', 'Null', 'NULL'].map((w) => [w, 'null'] as const),
  ...['.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF'].map((w) => [w, 'float'] as const),
]);

/** Only a scalar starting with one of these is resolved at all (go-yaml v2's `resolveTable` hints). */
const HINTED = /^[-+0-9yYnNtTfFoO~.]/;

/** Go's `strconv.ParseInt(s, 0, 64)`, then `ParseUint(s, 0, 64)`: a sign (ParseInt only), a base prefix, digits, in range. */
function goInteger(text: string): boolean {
  const match = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!match) return false;
  const [, sign, digits] = match as unknown as [string, string, string];
  // Go reads a leading 0 as octal (`017` is 15); BigInt wants the `0o` prefix for that.
  const prefixed = /^0[0-7]+$/.test(digits) ? `0o${digits.slice(1)}` : digits;
  const magnitude = BigInt(prefixed);
  if (sign === '-') return magnitude <= 2n ** 63n;
  // ParseUint, the fallback for values above int64, takes no sign.
  return magnitude < (sign === '+' ? 2n ** 63n : 2n ** 64n);
}

/** go-yaml v2's `yamlStyleFloat`, and `strconv.ParseFloat` succeeding (no overflow to infinity). */
function goFloat(text: string): boolean {
  return /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(text) && Number.isFinite(Number(text));
}

/**
 * The type kubectl gives the plain (unquoted, untagged, one-line) scalar written as `source`.
 * Timestamps (`2024-01-31`) are strings: go-yaml v2 resolves them, but hands them to an untyped
 * target (what sigs.k8s.io/yaml decodes into) as their original text, and no timestamp is also a
 * number, so they need no test of their own.
 */
export function yaml11TypeOfPlain(source: string): Yaml11Type {
  const word = WORDS.get(source);
  if (word) return word;
  if (!HINTED.test(source)) return 'string';
  if (source.startsWith('.')) return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(source) ? 'float' : 'string';
  if (!/^[-+0-9]/.test(source)) return 'string';
  // go-yaml v2 drops every underscore before parsing a number: `1_000` is 1000.
  const plain = source.replace(/_/g, '');
  if (goInteger(plain)) return 'int';
  if (goFloat(plain)) return 'float';
  return 'string';
}
