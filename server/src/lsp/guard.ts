/**
 * Every handler runs through `guard`: an exception is logged once per message and answered with
 * a neutral value, never allowed to take the server down.
 */
export type Log = (message: string) => void;

/** Where a failure was caught: a guarded handler, a rule that threw, or the process itself. */
export type FailureKind = 'handler' | 'rule' | 'process';

/** A caught failure, as the log carries it for tools (and tests) to read without parsing prose. */
export interface FailureRecord {
  readonly kind: FailureKind;
  /** The handler's name, the rule id, or the process event (`uncaughtException`, `unhandledRejection`). */
  readonly name: string;
  readonly message: string;
}

/** Starts the one log line per failure that is meant for machines; its format is a contract. */
export const FAILURE_MARKER = '[kube-lb-reach:failure]';

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
}

function humanText(kind: FailureKind, name: string, error: unknown): string {
  if (kind === 'handler') return `${name} failed: ${describeError(error)}`;
  if (kind === 'rule') return `rule ${name} threw and was skipped: ${describeError(error)}`;
  return `kube-lb-reach: ${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}

/**
 * The one way any caught failure is reported: a marker line with the record as JSON (one line:
 * JSON escapes line breaks), then the human-readable text with the stack.
 */
export function reportFailure(log: Log, kind: FailureKind, name: string, error: unknown): void {
  const record: FailureRecord = { kind, name, message: error instanceof Error ? error.message : String(error) };
  log(`${FAILURE_MARKER} ${JSON.stringify(record)}\n${humanText(kind, name, error)}`);
}

export function guard<A extends unknown[], R>(log: Log, name: string, fallback: R, handler: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A): Promise<R> => {
    try {
      return await handler(...args);
    } catch (error) {
      reportFailure(log, 'handler', name, error);
      return fallback;
    }
  };
}
