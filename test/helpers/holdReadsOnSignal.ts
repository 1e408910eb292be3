import { promises as fs } from 'node:fs';

/**
 * Preloaded (`node -r`) into the language server by the disk-race tests, and nothing else: a
 * read of a file whose path contains KLR_TEST_HOLD_READS is done at once, but its result is
 * handed over only on SIGUSR2, as a slow disk would hand over a file read just before it was
 * deleted. Each held read is announced on standard error.
 */
const pattern = process.env['KLR_TEST_HOLD_READS'] ?? '';
const held: (() => void)[] = [];
const readFile = fs.readFile.bind(fs);

(fs as { readFile: unknown }).readFile = async (...args: Parameters<typeof readFile>): Promise<unknown> => {
  const result = await readFile(...args);
  // The server reads manifests by path (a string); anything else is not held.
  const file = typeof args[0] === 'string' ? args[0] : '';
  if (pattern !== '' && file.includes(pattern)) {
    process.stderr.write(`kube-lb-reach-test: holding ${file}\n`);
    await new Promise<void>((resolve) => held.push(resolve));
  }
  return result;
};

process.on('SIGUSR2', () => {
  for (const release of held.splice(0)) release();
  process.stderr.write('kube-lb-reach-test: released\n');
});
