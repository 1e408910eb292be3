import { CATALOGUE_COMMIT, CURRENT_PREFIX, LEGACY_PREFIX, UPSTREAM_REPOSITORY } from './build';
import { CAMEL_CASE_NOTE, DOCS_DISAGREEMENTS, RETIRED_KEYS } from './history';
import { anchorOf, ANNOTATION_CATALOGUE, CATALOGUE_SECTIONS, describeValues } from './index';
import { INVALID_OUTCOMES } from './outcomes';
import { type AnnotationEntry, type UpstreamSource } from './types';

/** docs/annotations.md, rendered from the catalogue (pure; scripts/generate.mjs writes it, a test checks it). */

const sourceLink = (s: UpstreamSource): string => `[\`${s.file.replace(/^pkg\/controller\//, '')}\` ${s.func}](${UPSTREAM_REPOSITORY}/blob/${CATALOGUE_COMMIT}/${s.file})`;

function entryMarkdown(entry: AnnotationEntry): string {
  const anchor = anchorOf(entry);
  const spelling = entry.legacyKey
    ? `\`${entry.key}\`; legacy \`${entry.legacyKey}\`, read only when the first is absent (the first wins when both are set, even when it is empty)`
    : `\`${entry.key}\` only (no legacy spelling)`;
  const lines = [
    `<a id="${anchor}"></a>`,
    `### ${anchor}`,
    '',
    entry.meaning,
    '',
    `- **Key:** ${spelling}`,
    `- **Applies to:** ${entry.products.join(', ')} · **first read in:** ${entry.since}`,
    `- **Values:** ${describeValues(entry.values)}${entry.note ? `. ${entry.note}` : ''}`,
    `- **Default:** ${entry.default}`,
    `- **Invalid value:** ${INVALID_OUTCOMES[entry.invalid]}${entry.immutable ? '; **cannot be changed** once the load balancer exists (the reconcile fails)' : ''}`,
    `- **Read by:** ${entry.source.map(sourceLink).join(', ')}`,
  ];
  if (entry.unsettled) lines.push(`- **Not settled:** ${entry.unsettled}`);
  return lines.join('\n');
}

const indexRow = (entry: AnnotationEntry): string =>
  `| [${anchorOf(entry)}](#${anchorOf(entry)}) | ${entry.products.join(', ')} | ${entry.since} | ${entry.meaning.replace(/\|/g, '\\|')} |`;

export function annotationsMarkdown(): string {
  const prefixed = ANNOTATION_CATALOGUE.filter((e) => e.legacyKey !== undefined).length;
  const parts = [
    '# Alibaba Cloud load balancer annotations',
    '',
    `<!-- Generated from server/src/core/providers/alibaba/catalogue/ by \`npm run generate\`; edit the catalogue, not this file. -->`,
    '',
    `Every Service annotation the Alibaba Cloud cloud controller manager (CCM) reads, as read in its code: [kubernetes/cloud-provider-alibaba-cloud](${UPSTREAM_REPOSITORY}) at commit [\`${CATALOGUE_COMMIT.slice(0, 12)}\`](${UPSTREAM_REPOSITORY}/tree/${CATALOGUE_COMMIT}) (tag v2.14.0). ${ANNOTATION_CATALOGUE.length} keys: ${prefixed} \`loadbalancer-*\` keys under two prefixes, and ${ANNOTATION_CATALOGUE.length - prefixed} read under one exact name.`,
    '',
    '## How the CCM reads them',
    '',
    `- A \`loadbalancer-*\` key is read as \`${CURRENT_PREFIX}loadbalancer-<name>\`, or, when that key is absent, as the legacy \`${LEGACY_PREFIX}loadbalancer-<name>\`. Presence decides: an empty current key hides a legacy one.`,
    '- Any other key is ignored without a word, misspellings included.',
    `- ${CAMEL_CASE_NOTE}`,
    '- "first read in" is the first tag of the repository whose code reads the key (tags v2.1.0 to v2.14.0; v2.1.0 means v2.1.0 or earlier). The repository has no changelog, and skips some releases (no v2.5.0 tag, for example).',
    '- The NLB controller (`nlbv2`) first appears in v2.5.1: for a key both controllers read, "first read in" is the CLB controller\'s version, and NLB Services need v2.5.1 or later either way.',
    '- "exactly, case-sensitive": `"On"` is not `"on"`. "passes it on": the CCM sends the text to the cloud API unchecked, and the API decides. That the API then rejects a wrong value is inferred from the CCM code, not tested against the API; so are the API defaults named "the API default".',
    '',
    '## Index',
    '',
    '| Key | Products | First read in | Meaning |',
    '|---|---|---|---|',
    ...ANNOTATION_CATALOGUE.map(indexRow),
  ];
  for (const section of CATALOGUE_SECTIONS) parts.push('', `## ${section.title}`, '', section.entries.map(entryMarkdown).join('\n\n'));
  parts.push(
    '',
    '## Keys the CCM no longer reads',
    '',
    ...RETIRED_KEYS.map((r) => `- \`${r.name}\` (${r.tags}): ${r.why}.`),
    '',
    "## Where the CCM's docs disagree with its code",
    '',
    ...DOCS_DISAGREEMENTS.map((d) => `- ${d}`),
    '',
  );
  return parts.join('\n');
}
