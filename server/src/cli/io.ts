/** The CLI's only contact with the process: injectable so tests can run it in-process. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Promise<string>;
  readonly stdoutIsTTY: boolean;
}
