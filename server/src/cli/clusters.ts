import { type Settings } from '../core';
import { display } from './inputs';
import { type ClusterSummary, type LintedFile } from './report';

/** The clusters of the files, in the order their first file comes. */
export function clustersOf(files: readonly LintedFile[]): ClusterSummary[] {
  const byKey = new Map<string, { name: string; configFile: string | undefined; settings: Settings; files: string[] }>();
  for (const file of files) {
    let entry = byKey.get(file.cluster.key);
    if (!entry) byKey.set(file.cluster.key, (entry = { name: file.cluster.name, configFile: file.cluster.configId === undefined ? undefined : display(file.cluster.configId), settings: file.settings, files: [] }));
    entry.files.push(file.input.displayPath);
  }
  return [...byKey.values()];
}

/** The settings a report shows: the ones that decide reachability, and the CCM release when it is known. */
export function settingsJson(settings: Settings): Record<string, string> {
  return {
    kubernetesVersion: settings.kubernetesVersion.text,
    proxyMode: settings.proxyMode,
    ...(settings.ccmVersion ? { ccmVersion: settings.ccmVersion.text } : {}),
  };
}

export function clustersJson(clusters: readonly ClusterSummary[]): Record<string, unknown>[] {
  return clusters.map((c) => ({ name: c.name, configFile: c.configFile ?? null, settings: settingsJson(c.settings), files: c.files }));
}
