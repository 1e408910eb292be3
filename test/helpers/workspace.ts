import {
  LanguageService,
  resolveSettings,
  type AnnotationDocsLink,
  type DocsLink,
  type Finding,
  type HoverResult,
  type LanguageServiceOptions,
  type ParsedFile,
  type RawSettings,
  type Settings,
} from '../../server/src/core';

export interface TestWorkspaceOptions extends LanguageServiceOptions {
  /** Folders config files are searched up to (default: none, so no config file applies). */
  readonly roots?: readonly string[];
}

const isConfig = (name: string): boolean => /(^|\/)\.kube-lb-reach\.ya?ml$/.test(name);

/**
 * A small in-memory workspace: files by name, fed to the language service as the adapters feed it.
 * `.kube-lb-reach.yaml` files are config files, `*.json` files saved listener answers; every file
 * is analysed with the settings of its own cluster under `settings` (the adapter's layer).
 */
export class TestWorkspace {
  readonly service: LanguageService;
  private readonly layer: RawSettings;

  constructor(files: Record<string, string>, settings?: RawSettings, options?: TestWorkspaceOptions) {
    this.service = new LanguageService(options);
    this.layer = settings ?? {};
    if (options?.roots) this.service.setRoots({ roots: options.roots, rootsAreClusters: true });
    for (const [name, text] of Object.entries(files)) this.set(name, text);
  }

  /** The settings files without a config file are analysed with. */
  get settings(): Settings {
    return resolveSettings(this.layer).settings;
  }

  settingsOf(name: string): Settings {
    return this.service.settingsFor(name, this.layer).settings;
  }

  set(name: string, text: string): Set<string> {
    if (isConfig(name)) return this.service.setConfig(name, text).affected;
    if (name.endsWith('.json')) return this.service.setListenerFile(name, text).affected;
    return this.service.update(name, text);
  }

  file(name: string): ParsedFile {
    const file = this.service.parsed(name);
    if (!file) throw new Error(`no file ${name}`);
    return file;
  }

  findings(name: string, ruleId?: string): Finding[] {
    this.file(name);
    const analysis = this.service.diagnostics(name, this.settingsOf(name));
    if (analysis.failures.length > 0) throw new Error(`rule failed: ${String(analysis.failures[0]?.error)}`);
    return ruleId ? analysis.findings.filter((f) => f.ruleId === ruleId) : analysis.findings;
  }

  hover(name: string, offset: number, docsLink: DocsLink, annotationLink?: AnnotationDocsLink, explainLink?: string): HoverResult | undefined {
    return this.service.hover(name, offset, this.settingsOf(name), docsLink, annotationLink, explainLink);
  }

  /** What "Explain reachability" opens for the Service at `offset` (every Service of the file without one). */
  explain(name: string, offset: number | undefined, docsLink: DocsLink): string | undefined {
    return this.service.explainMarkdown(name, offset, this.settingsOf(name), docsLink)?.markdown;
  }

  text(name: string): string {
    return this.file(name).text;
  }
}
/** The offsets of the `occurrence`-th (0-based) `needle` in `text`; fails loudly when absent. */
export function spanOf(text: string, needle: string, occurrence = 0): { start: number; end: number } {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" #${occurrence} not in text`);
  }
  return { start: at, end: at + needle.length };
}

/** The span of `inner` inside the `occurrence`-th `context` (e.g. the `80` of `- port: 80`). */
export function spanWithin(text: string, context: string, inner: string, occurrence = 0): { start: number; end: number } {
  const outer = spanOf(text, context, occurrence);
  const at = context.indexOf(inner);
  if (at < 0) throw new Error(`"${inner}" not in "${context}"`);
  return { start: outer.start + at, end: outer.start + at + inner.length };
}

export interface ServiceSpec {
  name: string;
  namespace?: string;
  clbId?: string;
  legacyClbId?: boolean;
  hostname?: string;
  type?: string;
  policy?: string;
  loadBalancerClass?: string;
  ports?: (number | string)[];
  extraAnnotations?: Record<string, string>;
}

/** A Service manifest in the usual layout (2-space block style). */
export function service(spec: ServiceSpec): string {
  const annotations: string[] = [];
  if (spec.clbId !== undefined) {
    const prefix = spec.legacyClbId ? 'alicloud' : 'alibaba-cloud';
    annotations.push(`    service.beta.kubernetes.io/${prefix}-loadbalancer-id: "${spec.clbId}"`);
  }
  if (spec.hostname !== undefined) annotations.push(`    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostname: "${spec.hostname}"`);
  for (const [k, v] of Object.entries(spec.extraAnnotations ?? {})) annotations.push(`    ${k}: "${v}"`);
  const ports = (spec.ports ?? [80]).map((p) => {
    const [port, protocol] = String(p).split('/');
    return `    - port: ${port}\n      protocol: ${protocol ?? 'TCP'}\n      targetPort: 8080`;
  });
  return [
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    `  name: ${spec.name}`,
    `  namespace: ${spec.namespace ?? 'default'}`,
    ...(annotations.length > 0 ? ['  annotations:', ...annotations] : []),
    'spec:',
    `  type: ${spec.type ?? 'LoadBalancer'}`,
    ...(spec.policy ? [`  externalTrafficPolicy: ${spec.policy}`] : []),
    ...(spec.loadBalancerClass ? [`  loadBalancerClass: ${spec.loadBalancerClass}`] : []),
    '  selector:',
    '    app: web',
    '  ports:',
    ...ports,
    '',
  ].join('\n');
}

/** What `kubectl get svc -A -o yaml` writes: a `kind: List` of Services with their status. */
export function exportList(items: readonly (ServiceSpec & { ingress: readonly { ip?: string; hostname?: string; ipMode?: string }[] })[]): string {
  const lines = ['apiVersion: v1', 'kind: List', 'items:'];
  for (const item of items) {
    const body = service(item).trimEnd().split('\n');
    lines.push(`- ${body[0]!}`, ...body.slice(1).map((l) => `  ${l}`));
    lines.push('  status:', '    loadBalancer:', '      ingress:');
    for (const entry of item.ingress) {
      const fields = Object.entries(entry).map(([k, v]) => `${k}: ${v}`);
      lines.push(`      - ${fields[0]!}`, ...fields.slice(1).map((f) => `        ${f}`));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** What `aliyun slb DescribeLoadBalancerAttribute --LoadBalancerId ID` writes (the parts read), for listeners like `[443, 'https']`. */
export function describeAnswer(lbId: string, listeners: readonly (readonly [number, string])[]): string {
  return JSON.stringify({
    RequestId: '7A0F4F3C-0000-4000-8000-000000000000',
    LoadBalancerId: lbId,
    Address: '47.95.0.10',
    ListenerPorts: { ListenerPort: listeners.map(([port]) => port) },
    ListenerPortsAndProtocol: { ListenerPortAndProtocol: listeners.map(([port, protocol]) => ({ ListenerPort: port, ListenerProtocol: protocol, Description: '' })) },
  }, null, 2);
}

/** Two clusters in one repository: `prod/**` and `staging/**` (files under `repo/`). */
export const TWO_CLUSTERS = 'clusters:\n  - name: prod\n    paths: ["prod/**"]\n  - name: staging\n    paths: ["staging/**"]\n';

/** Feeds `files` to a fresh language service and analyses `target`: the parse and the analysis, as an adapter would see them. */
export function analyzeIn(
  files: readonly (readonly [string, string])[],
  target: string,
  settings: Settings,
  options?: LanguageServiceOptions,
): { file: ParsedFile; analysis: ReturnType<LanguageService['diagnostics']>; service: LanguageService } {
  const ls = new LanguageService(options);
  for (const [uri, text] of files) ls.update(uri, text);
  const file = ls.parsed(target);
  if (!file) throw new Error(`no file ${target}`);
  return { file, analysis: ls.diagnostics(target, settings), service: ls };
}
