/**
 * Preloaded (`node --expose-gc -r`) into the language server by the memory tests, and nothing
 * else: on SIGUSR2, two full garbage collections, then one line on standard error. VmRSS read
 * after that line is what the server keeps, not garbage V8 has yet to collect.
 */
const collect = (globalThis as { gc?: () => void }).gc;
process.on('SIGUSR2', () => {
  collect?.();
  collect?.();
  process.stderr.write('kube-lb-reach-test: collected\n');
});
