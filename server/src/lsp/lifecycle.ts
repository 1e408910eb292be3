import { ErrorCodes, ResponseError } from 'vscode-languageserver';

/**
 * The life cycle the LSP specification prescribes, which vscode-languageserver leaves to the
 * server: no request before `initialize` (ServerNotInitialized), one `initialize`, and none after
 * `shutdown` (InvalidRequest). Notifications before `initialized` are dropped, as the spec says.
 */
export class Lifecycle {
  private state: 'new' | 'initializing' | 'running' | 'shutdown' = 'new';

  initialize(): void {
    if (this.state !== 'new') throw new ResponseError(ErrorCodes.InvalidRequest, 'initialize was already received');
    this.state = 'initializing';
  }

  initialized(): void {
    if (this.state === 'initializing') this.state = 'running';
  }

  shutdown(): void {
    this.state = 'shutdown';
  }

  get accepting(): boolean {
    return this.state === 'running' || this.state === 'initializing';
  }

  /** Throws the error a request must get in the current state; returns when it may be handled. */
  checkRequest(): void {
    if (this.state === 'new') throw new ResponseError(ErrorCodes.ServerNotInitialized, 'the server is not initialized');
    if (this.state === 'shutdown') throw new ResponseError(ErrorCodes.InvalidRequest, 'the server is shut down');
  }

  /** A request handler that answers out-of-state requests with the spec's error. */
  request<P, R>(handler: (params: P) => R | Promise<R>): (params: P) => Promise<R> {
    return async (params: P): Promise<R> => {
      this.checkRequest();
      return handler(params);
    };
  }
}
