/**
 * Preloaded (`node -r`) into the language server by the failure tests, and nothing else: on
 * SIGUSR2, an exception nothing catches and a rejection nothing handles, as a bug in a timer or
 * a forgotten promise would cause. The server must report both and keep answering.
 */
process.on('SIGUSR2', () => {
  setImmediate(() => {
    throw new Error('injected by the test: thrown from a timer');
  });
  void Promise.reject(new Error('injected by the test: rejected, never handled'));
});
