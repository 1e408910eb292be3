/** A short pause after a keystroke so a burst of changes is analysed once, on its last version. */
export const DEBOUNCE_MS = 40;

/** One pending run per key; a new request for the key replaces the old one. */
export class Debouncer {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  schedule(key: string, run: () => void, delay = DEBOUNCE_MS): void {
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        run();
      }, delay),
    );
  }

  cancel(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  cancelAll(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
