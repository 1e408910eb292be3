/**
 * Reads of files from disk in flight. A read that finishes after later news about its file (read
 * again, deleted, its folder deleted, the file opened) is stale: applying it would bring back a
 * deleted file or an older text. Each read gets a ticket; later news voids it.
 */
export class ReadTickets {
  private readonly inFlight = new Map<string, number>();
  private last = 0;

  start(uri: string): number {
    this.inFlight.set(uri, ++this.last);
    return this.last;
  }

  /** Whether the read is still the latest word on its file (once: a second finish is not). */
  finish(uri: string, ticket: number): boolean {
    if (this.inFlight.get(uri) !== ticket) return false;
    this.inFlight.delete(uri);
    return true;
  }

  void(uri: string): void {
    this.inFlight.delete(uri);
  }

  voidFolder(folderUri: string): void {
    const prefix = folderUri.endsWith('/') ? folderUri : `${folderUri}/`;
    for (const uri of [...this.inFlight.keys()]) if (uri.startsWith(prefix)) this.inFlight.delete(uri);
  }
}
