import * as path from 'path';
import { URI } from 'vscode-uri';

/**
 * One spelling per file inside the server. Clients spell the same file differently (`%2B` or `+`,
 * `c%3A` or `C:`), and the workspace scan spells it as vscode-uri does: keyed by a different
 * spelling, a file would enter the index twice. Every URI is normalised once, where it enters.
 */
export function canonicalUri(uri: string): string {
  try {
    const parsed = URI.parse(uri);
    // `dir/../other` names `other`: a file is one file however its path is spelt, and a path that
    // climbs out of a workspace folder is outside it.
    return (parsed.scheme === 'file' ? parsed.with({ path: path.posix.normalize(parsed.path) }) : parsed).toString();
  } catch {
    return uri;
  }
}

/** The client's own spelling of each open document, to publish and edit under the URI it knows. */
export class UriSpellings {
  private readonly byKey = new Map<string, string>();

  remember(clientUri: string): string {
    const key = canonicalUri(clientUri);
    this.byKey.set(key, clientUri);
    return key;
  }

  forget(key: string): void {
    this.byKey.delete(key);
  }

  /** The client's spelling of an open document, else the canonical one. */
  of(key: string): string {
    return this.byKey.get(key) ?? key;
  }
}

/** Whether `uri` lies under one of the folder URIs (all canonical). */
export function isUnder(uri: string, folders: readonly string[]): boolean {
  return folders.some((folder) => uri.startsWith(folder.endsWith('/') ? folder : `${folder}/`));
}
