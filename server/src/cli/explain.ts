import * as path from 'path';
import { explanationsFor, type LanguageService, type RawSettings, parseKubernetesVersion, proxyModeAvailability, PROXY_MODES, type ProxyMode, FROM_LABELS, TO_LABELS, type Explanation, type ExplainSubject, type Settings } from '../core';
import { choice, UsageError, type CliOptions } from './args';
import { decodeManifest, readPathBounded } from '../node/boundedRead';
import { escapeControl } from './formats/escape';
import { type Io } from './io';
import { notAnalysedProblems, problemLine } from './problems';
import { InputChartValues } from './chartValues';
import { loadClusterScope } from './clusterScope';
import { flagsLayer, settingsFromFlags } from './settingsFromFlags';

function versionsToShow(values: CliOptions['values'], settings: Settings): string[] {
  const compare = values['compare'];
  if (typeof compare !== 'string') return [settings.kubernetesVersion.text];
  const versions = compare.split(',').map((v) => parseKubernetesVersion(v));
  if (versions.length < 2 || versions.some((v) => v === undefined)) throw new UsageError(`--compare expects versions such as 1.23,1.24 or 1.33.5,1.33.6 (got ${JSON.stringify(compare)})`);
  return versions.map((v) => v!.text);
}

/** `--compare-modes ipvs,nftables`, else the one mode of the settings; a mode a version did not have is a usage error naming the flag. */
function modesToShow(values: CliOptions['values'], settings: Settings, versions: readonly string[]): ProxyMode[] {
  const compare = values['compare-modes'];
  const modes = typeof compare === 'string' ? compare.split(',').map((m) => m.trim()) : [settings.proxyMode];
  if (typeof compare === 'string' && (modes.length < 2 || modes.some((m) => !(PROXY_MODES as readonly string[]).includes(m)))) {
    throw new UsageError(`--compare-modes expects modes such as ipvs,nftables (got ${JSON.stringify(compare)})`);
  }
  for (const mode of modes as ProxyMode[]) {
    for (const text of versions) {
      // A mode that did not exist yet has no answer: refuse it, naming the flag, rather than invent one.
      const availability = proxyModeAvailability(mode, parseKubernetesVersion(text)!);
      if (availability.available) continue;
      if (typeof compare === 'string') throw new UsageError(`--compare-modes ${mode} at Kubernetes ${text}: ${availability.reason}`);
      throw new UsageError(`--compare ${text} with --proxy-mode ${mode}: ${availability.reason}`);
    }
  }
  return modes as ProxyMode[];
}

const rowKey = (row: { from: string; to: string }): string => `${row.from}→${row.to}`;

/** Only the rows whose outcome or client IP differs between the columns of the same Service. */
function changedOnly(explanations: Explanation[]): Explanation[] {
  const changed = new Map<string | null, Set<string>>();
  for (const e of explanations) {
    const first = explanations.find((other) => other.service === e.service)!;
    const keys = changed.get(e.service) ?? new Set<string>();
    e.rows.forEach((row, i) => {
      const base = first.rows[i]!;
      if (row.outcome !== base.outcome || row.clientIp !== base.clientIp) keys.add(rowKey(row));
    });
    changed.set(e.service, keys);
  }
  return explanations.map((e) => ({ ...e, rows: e.rows.filter((row) => changed.get(e.service)!.has(rowKey(row))) }));
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
    const modes = [...new Set(versions.map((v) => v.proxyMode))];
    const label = (v: Explanation): string => (modes.length > 1 ? `${v.kubernetesVersion} ${v.proxyMode}` : v.kubernetesVersion);
    out.push(`${escapeControl(service)}: kube-proxy ${modes.join(' vs ')}, externalTrafficPolicy ${first.policy}`);
    if (first.rows.length === 0) {
      out.push('(no row differs)', '');
      continue;
    }
    const header = ['FROM', 'TO', ...versions.map((v) => `${label(v)} OUTCOME`), 'CLIENT IP', 'WHY'];
    const body = first.rows.map((row, i) => {
      const cells = versions.map((v) => v.rows[i]!.outcome);
      const last = versions[versions.length - 1]!.rows[i]!;
      // The reason of every column where it does not simply work, named when several are shown.
      const reasons = versions.filter((v) => v.rows[i]!.outcome !== 'works').map((v) => (versions.length > 1 ? `${label(v)}: ${v.rows[i]!.why}` : v.rows[i]!.why));
      return [FROM_LABELS[row.from], TO_LABELS[row.to], ...cells, last.clientIp, [...new Set(reasons)].join(' | ')];
    });
    const widths = header.map((h, col) => Math.max(h.length, ...body.map((r) => (col < r.length - 1 ? r[col]!.length : 0))));
    for (const row of [header, ...body]) out.push(row.map((cell, col) => (col === row.length - 1 ? cell : pad(cell, widths[col]!))).join('  ').trimEnd());
    out.push('');
  }
  return out.join('\n');
}

/** FILE read, with the config files above it and the listener files, into a language service: its settings are its cluster's under the flags. */
async function loadFile(file: string, layer: RawSettings, listenersFrom: readonly string[], io: Io): Promise<{ service: LanguageService; id: string; settings: Settings }> {
  // The same bounded reader as lint's: a pipe or a device is read as a file is, up to the same limit.
  const read = await readPathBounded(file, { followSymlinks: true, streams: true });
  const decoded = 'bytes' in read ? decodeManifest(read.bytes) : read;
  // An input that cannot be explained is an I/O error (exit 2), not a usage error.
  if ('problem' in decoded) throw new Error(`${file}: ${decoded.problem}`);
  const id = path.resolve(file);
  const scope = await loadClusterScope([{ displayPath: file, id, text: decoded.text, lossless: decoded.lossless }], listenersFrom);
  for (const problem of scope.configProblems) io.stderr(`kube-lb-reach: ${escapeControl(problem.line)}\n`);
  if (scope.configProblems.some((p) => p.isError)) throw new Error(`${file}: not explained: its config file has errors`);
  for (const problem of scope.problems) io.stderr(`kube-lb-reach: ${problemLine(problem)}\n`);
  // A chart's template is explained with the chart's defaults, as lint reads it.
  const charts = await InputChartValues.load([{ displayPath: file, id, text: decoded.text, lossless: decoded.lossless }]);
  for (const problem of charts.problems) io.stderr(`kube-lb-reach: ${problemLine(problem)}\n`);
  scope.service.update(id, decoded.text, charts.updateOptions(id));
  const { settings, problems } = scope.service.settingsFor(id, layer);
  if (problems.length > 0) throw new UsageError(problems.join(' '));
  return { service: scope.service, id, settings };
}

/** The explanations of FILE, and the lines standard error gets: what was not analysed, with its place, then the service's other notices. */
function explainFile(loaded: { service: LanguageService; id: string }, file: string, settings: Settings, versions: string[]): { explanations: Explanation[]; notices: string[] } {
  const { service, id } = loaded;
  const { explanations, notices } = service.explain(id, settings, versions);
  const notAnalysed = service.notAnalysed(id);
  // The service words these notices by reason only; the lines here also say where, as lint does.
  const reasons = new Set(notAnalysed.map((n) => n.reason));
  const located = notAnalysedProblems(file, notAnalysed, service.parsed(id)!.lineIndex).map(problemLine);
  return { explanations, notices: [...located, ...notices.filter((notice) => !reasons.has(notice)).map((notice) => `${file}: ${notice}`)] };
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
  const layer = flagsLayer(values);
  const format = choice(values, 'format', ['text', 'json'] as const, 'text');
  if (paths.length > 1) throw new UsageError('explain takes at most one FILE');
  const listenersFrom = Array.isArray(values['listeners-from']) ? values['listeners-from'] : [];
  const loaded = paths[0] !== undefined ? await loadFile(paths[0], layer, listenersFrom, io) : undefined;
  // A Service described by flags has no file, so no config file: the flags over the built-in defaults.
  const settings = loaded?.settings ?? settingsFromFlags(values);
  const versions = versionsToShow(values, settings);
  const modes = modesToShow(values, settings, versions);
  if (values['changed-only'] === true && versions.length * modes.length < 2) throw new UsageError('--changed-only needs --compare or --compare-modes');
  let explanations: Explanation[] = [];
  let notices: string[] = [];
  for (const proxyMode of modes) {
    const modeSettings = { ...settings, proxyMode };
    const one = loaded !== undefined ? explainFile(loaded, paths[0]!, modeSettings, versions) : { explanations: explanationsFor([subjectFromFlags(values, modeSettings)], versions), notices: [] };
    explanations.push(...one.explanations);
    if (notices.length === 0) notices = one.notices;
  }
  // By Service (in file order), then mode, then version.
  const order = [...new Set(explanations.map((e) => e.service))];
  explanations = order.flatMap((service) => explanations.filter((e) => e.service === service));
  if (values['changed-only'] === true) explanations = changedOnly(explanations);
  for (const notice of notices) io.stderr(`kube-lb-reach: ${escapeControl(notice)}\n`);
  if (explanations.length === 0) {
    io.stderr(`kube-lb-reach: ${escapeControl(paths[0] ?? '')}: no LoadBalancer or NodePort Service to explain\n`);
    return 0;
  }
  io.stdout(format === 'json' ? `${JSON.stringify(explanations, null, 2)}\n` : renderText(explanations));
  return 0;
}
