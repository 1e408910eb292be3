import { otherSideOf124, reachTable } from './model';
import { FROM_LABELS, MINOR_LOCAL_FALLBACK_TO_ALL_ENDPOINTS, TO_LABELS, type ReachInput, type ReachRow } from './vocabulary';

const MODE_NAMES = { ipvs: 'IPVS', iptables: 'iptables', nftables: 'nftables' } as const;

export function describeInput(input: ReachInput, kubernetesVersion: string): string {
  // Patch releases carry backports (nftables, PR 133969): say which patch a bare minor is read as.
  const assumed = input.kubernetesPatch === undefined ? ` (read as 1.${input.kubernetesMinor}.0)` : '';
  const parts = [
    `Kubernetes ${kubernetesVersion}${assumed}`,
    `kube-proxy ${MODE_NAMES[input.proxyMode]}`,
    input.serviceType,
    `externalTrafficPolicy: ${input.policy}`,
  ];
  if (input.reused) parts.push('reused CLB');
  if (input.hostname) parts.push('hostname status (no IP)');
  if (input.ipMode === 'Proxy') parts.push('ipMode: Proxy');
  if (input.lbBackends === 'pods') parts.push('pods as CLB backends (ENI)');
  parts.push(input.listenerLayer === 'l7' ? 'layer-7 listeners' : 'layer-4 listeners');
  return parts.join(', ');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function outcomeCell(row: ReachRow): string {
  return row.outcome === 'works' ? 'works' : `**${row.outcome}**`;
}

/**
 * The reachability table as Markdown, with the other side of 1.24 beside it where it differs,
 * and one line of why for each row that does not simply work.
 */
export function renderReachMarkdown(input: ReachInput, kubernetesVersion: string): string {
  const rows = reachTable(input);
  const other = otherSideOf124(input);
  const showOther = other.rows.size > 0;
  const otherLabel = input.kubernetesMinor >= MINOR_LOCAL_FALLBACK_TO_ALL_ENDPOINTS ? 'Before 1.24' : '1.24 and later';
  const lines: string[] = [];
  lines.push(`**In-cluster reachability** (${describeInput(input, kubernetesVersion)})`, '');
  lines.push(`| From | To | Outcome | Client IP | Path |${showOther ? ` ${otherLabel} |` : ''}`);
  lines.push(`|---|---|---|---|---|${showOther ? '---|' : ''}`);
  for (const row of rows) {
    const then = other.rows.get(`${row.from}→${row.to}`);
    const otherCell = showOther ? ` ${then ? `${then.outcome} (${then.clientIp})` : 'same'} |` : '';
    lines.push(`| ${FROM_LABELS[row.from]} | ${TO_LABELS[row.to]} | ${outcomeCell(row)} | ${row.clientIp} | ${row.path} |${otherCell}`);
  }
  // One line of why per distinct reason, naming the rows it explains.
  const reasons = new Map<string, ReachRow[]>();
  for (const row of rows) {
    if (row.outcome === 'works') continue;
    const key = `${row.outcome}\u0000${row.why}`;
    reasons.set(key, [...(reasons.get(key) ?? []), row]);
  }
  if (reasons.size > 0) lines.push('');
  for (const group of reasons.values()) {
    const first = group[0]!;
    const where = group.map((row) => `${FROM_LABELS[row.from]} → ${TO_LABELS[row.to]}`).join('; ');
    lines.push(`- **${first.outcome}** (${where}): ${escapeCell(first.why)}.`);
  }
  return lines.join('\n');
}
