import { promises as fs } from 'fs';
import * as path from 'path';
import { readManifest, walkYamlFiles } from '../node/files';

export interface Input {
  /** As shown to the user: relative to the working directory, `-` for standard input. */
  readonly displayPath: string;
  /** Absolute path (the index's key), or `-`. */
  readonly id: string;
  readonly text: string;
  /** Whether `text`, written as UTF-8, gives back the bytes read: `--fix` writes no other file. */
  readonly lossless: boolean;
}

export interface InputProblem {
  readonly displayPath: string;
  readonly message: string;
  /** Errors (a path that does not exist, cannot be read) make the exit code 2; notices do not. */
  readonly isError: boolean;
}

function display(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative === '' || relative.startsWith('..') ? file : relative;
}

/** Reads every manifest named on the command line; one problem line per path that cannot be read. */
export async function readInputs(paths: readonly string[], readStdin: () => Promise<string>): Promise<{ inputs: Input[]; problems: InputProblem[] }> {
  const inputs: Input[] = [];
  const problems: InputProblem[] = [];
  const seen = new Set<string>();
  const addFile = async (file: string, named: boolean): Promise<void> => {
    const id = path.resolve(file);
    if (seen.has(id)) return;
    seen.add(id);
    const result = await readManifest(id);
    if ('text' in result) inputs.push({ displayPath: display(id), id, text: result.text, lossless: result.lossless });
    // Skipped content (binary, too large) is a notice; a file that cannot be read is an error, and
    // so is a named file that does not exist (one found by the walk may vanish meanwhile).
    else problems.push({ displayPath: display(id), message: result.problem, isError: result.problem.startsWith('cannot read') || (named && result.problem === 'file not found') });
  };
  for (const given of paths.length > 0 ? paths : ['.']) {
    if (given === '-') {
      // Standard input is never written back, whatever its bytes were.
      inputs.push({ displayPath: '-', id: '-', text: await readStdin(), lossless: true });
      continue;
    }
    let stat;
    try {
      stat = await fs.stat(given);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problems.push({ displayPath: given, message: code === 'ENOENT' ? 'no such file or folder' : `cannot read: ${code ?? String(error)}`, isError: true });
      continue;
    }
    if (!stat.isDirectory()) {
      await addFile(given, true);
      continue;
    }
    const before = inputs.length + problems.length;
    // A subfolder that vanished meanwhile is a notice, like a vanished file; an unreadable one is an error.
    const onProblem = (where: string, message: string, vanished: boolean): void => {
      problems.push({ displayPath: display(where), message, isError: !vanished });
    };
    for await (const file of walkYamlFiles(given, onProblem)) {
      await addFile(file, false);
    }
    if (inputs.length + problems.length === before) problems.push({ displayPath: display(path.resolve(given)), message: 'no *.yaml or *.yml files in this folder', isError: false });
  }
  return { inputs, problems };
}
