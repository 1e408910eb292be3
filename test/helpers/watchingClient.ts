import { minimatch } from 'minimatch';
import { type LspClient } from './lspClient';

interface Watcher {
  readonly globPattern: string;
  readonly kind?: number;
}

/** FileChangeType (1 created, 2 changed, 3 deleted) → the WatchKind bit a watcher asks for. */
const KIND_BIT: Record<1 | 2 | 3, number> = { 1: 1, 2: 2, 3: 4 };

/**
 * The file watching of a client as VS Code does it: the server registers watchers, and an event
 * reaches it only when its path matches one of their globs and kinds. A folder deleted as a whole
 * is one event for the folder's own path, which `**\/*.{yaml,yml}` does not match.
 */
export class WatchingClient {
  readonly watchers: Watcher[] = [];

  constructor(private readonly client: LspClient) {
    client.connection.onRequest('client/registerCapability', (params: { registrations: { method: string; registerOptions?: { watchers?: Watcher[] } }[] }) => {
      for (const registration of params.registrations) {
        if (registration.method === 'workspace/didChangeWatchedFiles') this.watchers.push(...(registration.registerOptions?.watchers ?? []));
      }
      return null;
    });
  }

  /** Sends the events VS Code would deliver, and returns how many passed its filter. */
  async fsEvents(events: readonly { readonly uri: string; readonly type: 1 | 2 | 3 }[]): Promise<number> {
    const delivered = events.filter((event) =>
      this.watchers.some((w) => ((w.kind ?? 7) & KIND_BIT[event.type]) !== 0 && minimatch(new URL(event.uri).pathname, w.globPattern, { dot: true })),
    );
    if (delivered.length > 0) await this.client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: delivered });
    return delivered.length;
  }
}
