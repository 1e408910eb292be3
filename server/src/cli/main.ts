import { HELP, parseCommandLine, UsageError } from './args';
import { runExplain } from './explain';
import { type Io } from './io';
import { runLint } from './lint';
import { VERSION } from './version';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

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
      io.stderr(`kube-lb-reach: ${error.message}\nRun 'kube-lb-reach --help' for usage.\n`);
      return 2;
    }
    io.stderr(`kube-lb-reach: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

if (require.main === module) {
  const io: Io = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin,
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
