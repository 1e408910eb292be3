import { type Provider } from './types';

/** The TextMate injection grammar that colours the providers' annotation keys in YAML, generated from their prefixes. */

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

export interface InjectionGrammar {
  readonly $schema: string;
  readonly scopeName: string;
  readonly injectionSelector: string;
  readonly patterns: readonly { readonly include: string }[];
  readonly repository: Readonly<Record<string, { comment: string; match: string; captures: Record<string, { name: string }> }>>;
}

export function injectionGrammar(providers: readonly Provider[]): InjectionGrammar {
  const repository: InjectionGrammar['repository'] = Object.fromEntries(
    providers.map((provider) => [
      `${provider.id}-annotation-key`,
      {
        comment: `${provider.displayName} load balancer annotation keys (every prefix its controller reads), plain or quoted. Generated from the provider module by \`npm run generate\`.`,
        // A key stands at the start of a line, after a quote, or inside a flow map, and is followed by `:`.
        match: `(?<=^|\\s|[{,"'])(${provider.annotationPrefixes.map(escapeRegExp).join('|')})([a-z0-9-]+)(?=["']?\\s*:)`,
        captures: {
          '1': { name: `entity.name.tag.yaml keyword.other.kube-lb-reach.${provider.id}.prefix` },
          '2': { name: 'entity.name.tag.yaml variable.other.kube-lb-reach.annotation' },
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
