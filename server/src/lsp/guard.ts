/**
 * Every handler runs through `guard`: an exception is logged once per message and answered with
 * a neutral value, never allowed to take the server down.
 */
export type Log = (message: string) => void;

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
}

export function guard<A extends unknown[], R>(log: Log, name: string, fallback: R, handler: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A): Promise<R> => {
    try {
      return await handler(...args);
    } catch (error) {
      log(`${name} failed: ${describeError(error)}`);
      return fallback;
    }
  };
}
