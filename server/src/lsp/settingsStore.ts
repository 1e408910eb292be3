import { type Connection } from 'vscode-languageserver';
import { resolveSettings, type RawSettings, type Settings } from '../core';

/**
 * Settings per resource. Clients with `workspace/configuration` are asked per document (and the
 * answer cached until the next didChangeConfiguration); others send them with initialize or
 * didChangeConfiguration.
 */
export class SettingsStore {
  private readonly cache = new Map<string, Promise<Settings>>();
  private globalSettings: RawSettings | undefined;
  private readonly reported = new Set<string>();

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
    const section = typeof raw === 'object' && raw !== null && 'kubeLbReach' in raw ? (raw).kubeLbReach : raw;
    this.globalSettings = typeof section === 'object' && section !== null ? (section) : undefined;
    this.cache.clear();
  }

  clear(): void {
    this.cache.clear();
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  get(uri: string): Promise<Settings> {
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.load(uri);
      this.cache.set(uri, settings);
    }
    return settings;
  }

  private async load(uri: string): Promise<Settings> {
    let raw = this.globalSettings;
    if (this.pullFromClient) {
      try {
        const pulled: unknown = await this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'kubeLbReach' });
        if (typeof pulled === 'object' && pulled !== null) raw = { ...raw, ...(pulled as RawSettings) };
      } catch (error) {
        this.log(`workspace/configuration failed, using defaults: ${String(error)}`);
      }
    }
    const { settings, problems } = resolveSettings(raw);
    for (const problem of problems) {
      if (!this.reported.has(problem)) this.log(`settings: ${problem}`);
      this.reported.add(problem);
    }
    return settings;
  }
}
