import { HELP, parseCommandLine, UsageError } from './args';
import { runExplain } from './explain';
import { escapeControl } from './formats/escape';
import { type Io } from './io';
import { runLint } from './lint';
import { VERSION } from './version';

export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const options = parseCommandLine(argv);
    if (options.command === 'version') {
      io.stdout(`${VERSION}\n`);
      return 0;
    }
    if (options.command === 'help') {
      io.stdout(HELP);
      return 0;
    }
    return options.command === 'lint' ? await runLint(options, io) : await runExplain(options, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`kube-lb-reach: ${escapeControl(error.message)}\nRun 'kube-lb-reach --help' for usage.\n`);
      return 2;
    }
    io.stderr(`kube-lb-reach: ${escapeControl(error instanceof Error ? error.message : String(error))}\n`);
    return 2;
  }
}

/**
 * A report that cannot be written (`> /dev/full`, a reader that closed the pipe) is an I/O error:
 * exit 2 with one line, never a stack trace and never the findings' exit code.
 */
function onStdoutError(error: NodeJS.ErrnoException): void {
  try {
    process.stderr.write(`kube-lb-reach: cannot write to standard output: ${error.code ?? error.message}\n`);
  } catch {
    // Standard error may be gone as well: the exit code still tells.
  }
  process.exit(2);
}

if (require.main === module) {
  process.stdout.on('error', onStdoutError);
  // Nothing more can be said when standard error itself fails; it must not crash the run.
  process.stderr.on('error', () => undefined);
  const io: Io = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    // A getter: process.stdin is opened only when `-` is read.
    get stdin() {
      return process.stdin;
    },
    stdoutIsTTY: process.stdout.isTTY,
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`kube-lb-reach: ${String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
