import { type Connection } from 'vscode-languageserver';
import { clientSectionLayer, describeSettings, type LanguageService, type RawSettings, type SettingsInEffect } from '../core';
import { displayPath } from './clusterSync';

const NO_SETTINGS: RawSettings = Object.freeze({});

/**
 * The editor's layer of settings per resource: what the user set explicitly (our VS Code client
 * answers with only those; other clients send what they send), above the config file of the
 * resource's cluster. Its sources, lowest first: `initializationOptions.kubeLbReach`, then either
 * the client's answers to `workspace/configuration` (asked per document, cached until the next
 * didChangeConfiguration) or, from a client that cannot be asked, what it pushes in
 * didChangeConfiguration. Each layer is one object, kept, so the core's settings cache holds.
 */
export class SettingsStore {
  private readonly cache = new Map<string, Promise<RawSettings>>();
  /** From initialize: `initializationOptions.kubeLbReach` only (the rest of the options are not settings). */
  private initialSettings: RawSettings = NO_SETTINGS;
  /** Without pull: the initial settings under the last pushed ones. */
  private pushedSettings: RawSettings = NO_SETTINGS;
  private toldPushIgnored = false;
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

  /**
   * From initialize. Only the `kubeLbReach` object counts: the VS Code client sends `ruleDocs` and
   * `workspaceTrusted` here, which are no settings (nor is a setting's name outside the section).
   */
  setInitializationOptions(options: unknown): void {
    const section = typeof options === 'object' && options !== null && 'kubeLbReach' in options ? options.kubeLbReach : undefined;
    this.initialSettings = isObject(section) ? clientSectionLayer(section) : NO_SETTINGS;
    this.pushedSettings = this.initialSettings;
    this.cache.clear();
  }

  /**
   * A didChangeConfiguration's `settings`: `{ kubeLbReach: {...} }` or the section itself. From a
   * client we ask, it only says "ask again": vscode-languageclient pushes every default of the
   * section there, which as a layer would hide the config file. From one we cannot ask, it is the
   * client's settings, over the initial ones.
   */
  pushed(raw: unknown): void {
    this.cache.clear();
    const section = isObject(raw) && 'kubeLbReach' in raw ? raw.kubeLbReach : raw;
    if (this.pullFromClient) {
      if (isObject(section) && Object.keys(section).length > 0 && !this.toldPushIgnored) {
        this.toldPushIgnored = true;
        this.log('settings pushed in didChangeConfiguration are not used: the client answers workspace/configuration, so the server asks it instead');
      }
      return;
    }
    this.pushedSettings = isObject(section) ? { ...this.initialSettings, ...clientSectionLayer(section) } : this.initialSettings;
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
    if (!this.pullFromClient) return this.pushedSettings;
    try {
      const pulled: unknown = await this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'kubeLbReach' });
      if (isObject(pulled)) return { ...this.initialSettings, ...clientSectionLayer(pulled) };
    } catch (error) {
      this.log(`workspace/configuration failed, using the config file and defaults: ${String(error)}`);
    }
    return this.initialSettings;
  }
}

/** A settings section is an object; an array or a scalar there sets nothing. */
const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null && !Array.isArray(value);

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
