import { type Connection } from 'vscode-languageserver';
import { clientSectionLayer, describeSettings, type LanguageService, type RawSettings, type SettingsInEffect } from '../core';
import { displayPath } from './clusterSync';

const NO_SETTINGS: RawSettings = Object.freeze({});

/**
 * The editor's layer of settings per resource: what the user set explicitly (our VS Code client
 * answers with only those; other clients send what they send), above the config file of the
 * resource's cluster. Clients with `workspace/configuration` are asked per document (and the
 * answer cached until the next didChangeConfiguration); others send them with initialize or
 * didChangeConfiguration. Each answer is one object, kept, so the core's settings cache holds.
 */
export class SettingsStore {
  private readonly cache = new Map<string, Promise<RawSettings>>();
  private globalSettings: RawSettings = NO_SETTINGS;
  private readonly reported = new Set<string>();
  /** What was said of each cluster's settings, so it is said again only when they change. */
  private readonly toldClusters = new Map<string, string>();

  constructor(
    private readonly connection: Connection,
    private readonly log: (message: string) => void,
    private pullFromClient: boolean,
  ) {}

  setClientSupportsConfiguration(supported: boolean): void {
    this.pullFromClient = supported;
  }

  /** From initializationOptions or a pushed didChangeConfiguration: `{ kubeLbReach: {...} }` or the section itself. */
  setGlobal(raw: unknown): void {
    const section = typeof raw === 'object' && raw !== null && 'kubeLbReach' in raw ? raw.kubeLbReach : raw;
    this.globalSettings = typeof section === 'object' && section !== null ? clientSectionLayer(section) : NO_SETTINGS;
    this.cache.clear();
  }

  clear(): void {
    this.cache.clear();
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  /** The editor's own layer for a resource (the client's spelling of its URI). */
  layer(uri: string): Promise<RawSettings> {
    let layer = this.cache.get(uri);
    if (!layer) {
      layer = this.load(uri);
      this.cache.set(uri, layer);
    }
    return layer;
  }

  /**
   * The settings `key` (canonical) is analysed with: its cluster's from the config file, under the
   * editor's layer. Problems of the layer are logged once each; each cluster's settings once per change.
   */
  async inEffect(service: LanguageService, key: string, uri: string): Promise<SettingsInEffect> {
    const inEffect = service.settingsFor(key, await this.layer(uri));
    for (const problem of inEffect.problems) {
      if (!this.reported.has(problem)) this.log(`settings: ${problem}`);
      this.reported.add(problem);
    }
    const { cluster } = inEffect;
    const description = `${describeSettings(inEffect.settings)} · ${describeDetails(inEffect)} (${cluster.configId === undefined ? 'no config file' : `from ${displayPath(cluster.configId)}`} and the editor's settings)`;
    if (this.toldClusters.get(cluster.key) !== description) {
      this.toldClusters.set(cluster.key, description);
      this.log(`cluster ${cluster.name}: ${description}`);
    }
    return inEffect;
  }

  private async load(uri: string): Promise<RawSettings> {
    if (!this.pullFromClient) return this.globalSettings;
    try {
      const pulled: unknown = await this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'kubeLbReach' });
      if (typeof pulled === 'object' && pulled !== null) return { ...this.globalSettings, ...clientSectionLayer(pulled) };
    } catch (error) {
      this.log(`workspace/configuration failed, using the config file and defaults: ${String(error)}`);
    }
    return this.globalSettings;
  }
}

/** The rest of the settings, for the Output channel (the status item shows the version and mode only). */
function describeDetails({ settings }: SettingsInEffect): string {
  const known = [...settings.knownListeners].map(([lb, listeners]) => `${lb}: ${listeners.map((l) => `${l.port}/${l.protocol}`).join(' ')}`);
  const rules = [...settings.rules].map(([id, level]) => `${id}=${level}`);
  return [
    `CCM ${settings.ccmVersion?.text ?? 'version unknown'}`,
    `backends ${settings.backendType}`,
    known.length > 0 ? `known listeners ${known.join(', ')}` : 'no known listeners',
    settings.hostnameTemplate === '' ? 'no hostname template' : `hostname template ${settings.hostnameTemplate}`,
    ...(rules.length > 0 ? [`rules ${rules.join(', ')}`] : []),
  ].join(' · ');
}
