import { promises as fs } from 'fs';
import { explanationsFor, LanguageService, parseKubernetesVersion, proxyModeAvailability, FROM_LABELS, TO_LABELS, type Explanation, type ExplainSubject, type Settings } from '../core';
import { choice, UsageError, type CliOptions } from './args';
import { type Io } from './io';
import { settingsFromFlags } from './settingsFromFlags';

function versionsToShow(values: CliOptions['values'], settings: Settings): string[] {
  const compare = values['compare'];
  if (typeof compare !== 'string') return [settings.kubernetesVersion.text];
  const versions = compare.split(',').map((v) => parseKubernetesVersion(v));
  if (versions.length < 2 || versions.some((v) => v === undefined)) throw new UsageError(`--compare expects versions such as 1.23,1.24 or 1.33.5,1.33.6 (got ${JSON.stringify(compare)})`);
  for (const version of versions) {
    // A mode that did not exist yet has no answer: refuse it, naming the flag, rather than invent one.
    const availability = proxyModeAvailability(settings.proxyMode, version!);
    if (!availability.available) throw new UsageError(`--compare ${version!.text} with --proxy-mode ${settings.proxyMode}: ${availability.reason}`);
  }
  return versions.map((v) => v!.text);
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - text.length));
}

/** A readable terminal table per Service; with several versions, their outcomes side by side. */
function renderText(explanations: Explanation[]): string {
  const out: string[] = [];
  const groups = new Map<string, Explanation[]>();
  for (const e of explanations) {
    const key = e.service ?? '(described by flags)';
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  for (const [service, versions] of groups) {
    const first = versions[0]!;
    out.push(`${service}: kube-proxy ${first.proxyMode}, externalTrafficPolicy ${first.policy}`);
    const header = ['FROM', 'TO', ...versions.map((v) => `${v.kubernetesVersion} OUTCOME`), 'CLIENT IP', 'WHY'];
    const body = first.rows.map((row, i) => {
      const cells = versions.map((v) => v.rows[i]!.outcome);
      const last = versions[versions.length - 1]!.rows[i]!;
      // The reason of every version where it does not simply work, named when several are shown.
      const reasons = versions.filter((v) => v.rows[i]!.outcome !== 'works').map((v) => (versions.length > 1 ? `${v.kubernetesVersion}: ${v.rows[i]!.why}` : v.rows[i]!.why));
      return [FROM_LABELS[row.from], TO_LABELS[row.to], ...cells, last.clientIp, [...new Set(reasons)].join(' | ')];
    });
    const widths = header.map((h, col) => Math.max(h.length, ...body.map((r) => (col < r.length - 1 ? r[col]!.length : 0))));
    for (const row of [header, ...body]) out.push(row.map((cell, col) => (col === row.length - 1 ? cell : pad(cell, widths[col]!))).join('  ').trimEnd());
    out.push('');
  }
  return out.join('\n');
}

async function explainFile(file: string, settings: Settings, versions: string[]): Promise<{ explanations: Explanation[]; notices: string[] }> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const service = new LanguageService();
  service.update(file, text);
  return service.explain(file, settings, versions);
}

function subjectFromFlags(values: CliOptions['values'], settings: Settings): ExplainSubject {
  return {
    service: null,
    input: {
      proxyMode: settings.proxyMode,
      kubernetesMinor: settings.kubernetesVersion.minor,
      kubernetesPatch: settings.kubernetesVersion.patchGiven ? settings.kubernetesVersion.patch : undefined,
      serviceType: choice(values, 'type', ['LoadBalancer', 'NodePort'] as const, 'LoadBalancer'),
      policy: choice(values, 'policy', ['Local', 'Cluster'] as const, 'Cluster'),
      hostname: values['hostname'] === true,
      reused: values['reused'] === true,
      listenerLayer: choice(values, 'layer', ['l4', 'l7'] as const, 'l4'),
    },
  };
}

export async function runExplain(options: CliOptions, io: Io): Promise<number> {
  const { values, paths } = options;
  const settings = settingsFromFlags(values);
  const format = choice(values, 'format', ['text', 'json'] as const, 'text');
  if (paths.length > 1) throw new UsageError('explain takes at most one FILE');
  const versions = versionsToShow(values, settings);
  const { explanations, notices } = paths[0] !== undefined ? await explainFile(paths[0], settings, versions) : { explanations: explanationsFor([subjectFromFlags(values, settings)], versions), notices: [] };
  for (const notice of notices) io.stderr(`kube-lb-reach: ${paths[0] ?? ''}: ${notice}\n`);
  if (explanations.length === 0) {
    io.stderr(`kube-lb-reach: ${paths[0]}: no LoadBalancer or NodePort Service to explain\n`);
    return 0;
  }
  io.stdout(format === 'json' ? `${JSON.stringify(explanations, null, 2)}\n` : renderText(explanations));
  return 0;
}
