// Entry of an instrumented copy of the language server (bench/.out/server-counted.cjs): the same
// sources as dist/server.js, with `yaml` parses counted. `kill -USR2 <pid>` prints the counts on
// stderr as `yaml-counts {...}`. Used only to check which files an edit re-parses, never for timing.
import { counts } from './yamlCounted';
import '../server/src/lsp/main';

process.on('SIGUSR2', () => process.stderr.write(`yaml-counts ${JSON.stringify(counts)}\n`));
