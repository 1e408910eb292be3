import { type Provider } from './types';

/** The TextMate injection grammar that colours the providers' annotation keys in YAML: exactly the keys they read, nothing near them. */

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

export interface InjectionGrammar {
  readonly $schema: string;
  readonly scopeName: string;
  readonly injectionSelector: string;
  readonly patterns: readonly { readonly include: string }[];
  readonly repository: Readonly<Record<string, { comment: string; match: string; captures: Record<string, { name: string }> }>>;
}

/** Every spelling a provider reads, as one alternation: keys sharing a prefix are grouped under it to keep the pattern short. */
function keysPattern(provider: Provider): string {
  const keys = [...new Set(provider.annotationKeys.flatMap((k) => [k.key, ...(k.aliases ?? [])]))];
  const prefixes = [...provider.annotationPrefixes].sort((a, b) => b.length - a.length);
  const groups = new Map<string, string[]>();
  for (const key of keys) {
    const prefix = prefixes.find((p) => key.startsWith(p)) ?? '';
    groups.set(prefix, [...(groups.get(prefix) ?? []), key.slice(prefix.length)]);
  }
  // Longest first, so that no alternative is a prefix of a later one (the lookahead would reject it anyway).
  const alternation = (items: readonly string[]): string => [...items].sort((a, b) => b.length - a.length || a.localeCompare(b)).map(escapeRegExp).join('|');
  return [...groups].map(([prefix, rest]) => (prefix === '' ? alternation(rest) : `${escapeRegExp(prefix)}(?:${alternation(rest)})`)).join('|');
}

export function injectionGrammar(providers: readonly Provider[]): InjectionGrammar {
  const repository: InjectionGrammar['repository'] = Object.fromEntries(
    providers.map((provider) => [
      `${provider.id}-annotation-key`,
      {
        comment: `${provider.displayName} load balancer annotation keys (every key its controller reads, in every spelling it reads), plain or quoted. Generated from the provider module by \`npm run generate\`.`,
        // A key stands at the start of a line, after a quote, or inside a flow map, and is followed by `:`.
        match: `(?<=^|\\s|[{,"'])(${keysPattern(provider)})(?=["']?\\s*:)`,
        captures: {
          '1': { name: `entity.name.tag.yaml variable.other.kube-lb-reach.${provider.id}.annotation` },
        },
      },
    ]),
  );
  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    scopeName: 'kube-lb-reach.annotations.injection',
    injectionSelector: 'L:source.yaml',
    patterns: providers.map((p) => ({ include: `#${p.id}-annotation-key` })),
    repository,
  };
}
