import { type BeforeCommit } from './writeFix';

/** The CLI's only contact with the process: injectable so tests can run it in-process. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Read only for `-`, through the bounded reader. */
  readonly stdin: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;
  readonly stdoutIsTTY: boolean;
  /** For tests only, never set by the command: runs between preparing a fix and its last check. */
  readonly beforeFixCommit?: BeforeCommit;
}
