import { promises as fs } from 'node:fs';

/**
 * Preloaded (`node -r`) into the language server by the disk-race tests, and nothing else: a
 * read of a file whose path contains KLR_TEST_HOLD_READS is done at once, but its result is
 * handed over only on SIGUSR2, as a slow disk would hand over a file read just before it was
 * deleted. Each held read is announced on standard error.
 */
const pattern = process.env['KLR_TEST_HOLD_READS'] ?? '';
const held: (() => void)[] = [];
const open = fs.open.bind(fs);

// The server reads through a file handle (node/boundedRead.ts) and closes it before the result is
// used: holding the close holds the result, with the file read in full before it was deleted.
(fs as { open: unknown }).open = async (...args: Parameters<typeof open>): Promise<unknown> => {
  const handle = await open(...args);
  const file = typeof args[0] === 'string' ? args[0] : '';
  if (pattern === '' || !file.includes(pattern)) return handle;
  const close = handle.close.bind(handle);
  handle.close = async (): Promise<void> => {
    process.stderr.write(`kube-lb-reach-test: holding ${file}\n`);
    await new Promise<void>((resolve) => held.push(resolve));
    await close();
  };
  return handle;
};

process.on('SIGUSR2', () => {
  for (const release of held.splice(0)) release();
  process.stderr.write('kube-lb-reach-test: released\n');
});
