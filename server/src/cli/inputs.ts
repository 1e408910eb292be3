import { promises as fs } from 'fs';
import * as path from 'path';
import { decodeManifest, MAX_INPUT_BYTES, overLimit, readPathBounded, readStreamBounded, type BoundedRead } from '../node/boundedRead';
import { walkYamlFiles } from '../node/files';
import { type Io } from './io';
import { type FixTarget } from './writeFix';

export interface Input {
  /** As shown to the user: relative to the working directory, `-` for standard input. */
  readonly displayPath: string;
  /** Absolute path (the index's key), or `-`. */
  readonly id: string;
  readonly text: string;
  /** Whether `text`, written as UTF-8, gives back the bytes read: `--fix` writes no other file. */
  readonly lossless: boolean;
  /** Only for a regular file: a pipe, a device or standard input is never written. */
  readonly target?: FixTarget;
}

export interface InputProblem {
  readonly displayPath: string;
  readonly message: string;
  /** Errors (a path that does not exist, cannot be read) make the exit code 2; notices do not. */
  readonly isError: boolean;
}

/** A path as shown to the user: relative to the working directory when below it. */
export function display(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative === '' || relative.startsWith('..') ? file : relative;
}

async function realDirOf(file: string): Promise<string | undefined> {
  try {
    return await fs.realpath(path.dirname(file));
  } catch {
    return undefined;
  }
}

/** The real folder of a file just read, or undefined when it cannot be told (then it is not fixed). */
async function targetOf(file: string, followSymlinks: boolean, read: BoundedRead): Promise<FixTarget | undefined> {
  if (!('bytes' in read) || read.stamp === undefined) return undefined;
  try {
    // A named link is fixed in its target; a walked file only where the walk found it.
    const real = followSymlinks ? await fs.realpath(file) : path.join(await fs.realpath(path.dirname(file)), path.basename(file));
    return { dir: path.dirname(real), name: path.basename(real), stamp: read.stamp, bytes: read.bytes };
  } catch {
    return undefined;
  }
}

/**
 * Reads every manifest named on the command line; one problem line per path that cannot be read.
 * A path the user named (`-`, a file, a pipe such as `<(kustomize build)`, a device) is linted or
 * is an error: it never passes unread. Only what a folder walk finds may be skipped with a notice.
 */
export async function readInputs(paths: readonly string[], stdin: Io['stdin']): Promise<{ inputs: Input[]; problems: InputProblem[] }> {
  const inputs: Input[] = [];
  const problems: InputProblem[] = [];
  const seen = new Set<string>();
  const add = async (displayPath: string, id: string, read: BoundedRead, named: boolean, target: () => Promise<FixTarget | undefined>): Promise<void> => {
    if (!('bytes' in read)) {
      // A walked file that vanished meanwhile, or that is binary or too large, is a notice.
      problems.push({ displayPath, message: read.problem, isError: named || read.ioError });
      return;
    }
    const decoded = decodeManifest(read.bytes);
    if ('problem' in decoded) problems.push({ displayPath, message: decoded.problem, isError: named });
    else inputs.push({ displayPath, id, text: decoded.text, lossless: decoded.lossless, target: await target() });
  };
  /** `root`: for a walked file, the folder named and its real path, which the file's folder must be under. */
  const addFile = async (file: string, root?: { readonly given: string; readonly real: string }): Promise<void> => {
    const id = path.resolve(file);
    if (seen.has(id)) return;
    seen.add(id);
    const named = root === undefined;
    const read = await readPathBounded(id, { followSymlinks: named, streams: named });
    // A subfolder swapped for a symbolic link after the walk listed it would lead outside the tree.
    if (root !== undefined && 'bytes' in read && (await realDirOf(id)) !== path.join(root.real, path.relative(root.given, path.dirname(id)))) {
      problems.push({ displayPath: display(id), message: 'skipped: a folder on its path is a symbolic link', isError: false });
      return;
    }
    await add(display(id), id, read, named, () => targetOf(id, named, read));
  };
  for (const given of paths.length > 0 ? paths : ['.']) {
    if (given === '-') {
      if (seen.has('-')) continue;
      seen.add('-');
      const bytes = await readStreamBounded(stdin, MAX_INPUT_BYTES);
      // Standard input is never written back, whatever its bytes were.
      await add('-', '-', bytes === undefined ? overLimit(MAX_INPUT_BYTES) : { bytes }, true, () => Promise.resolve(undefined));
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
      await addFile(given);
      continue;
    }
    const before = inputs.length + problems.length;
    // A subfolder that vanished meanwhile is a notice, like a vanished file; an unreadable one is an error.
    const onProblem = (where: string, message: string, vanished: boolean): void => {
      problems.push({ displayPath: display(where), message, isError: !vanished });
    };
    const root = { given: path.resolve(given), real: await fs.realpath(given).catch(() => path.resolve(given)) };
    for await (const file of walkYamlFiles(given, onProblem)) {
      await addFile(file, root);
    }
    if (inputs.length + problems.length === before) problems.push({ displayPath: display(path.resolve(given)), message: 'no *.yaml or *.yml files in this folder', isError: false });
  }
  return { inputs, problems };
}
