import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { reportFailure } from './guard';
import { startServer } from './server';

const TRANSPORTS = ['--stdio', '--node-ipc', '--socket', '--pipe'];

if (!process.argv.some((arg) => TRANSPORTS.some((t) => arg === t || arg.startsWith(`${t}=`)))) {
  process.stderr.write('kube-lb-reach language server: pass a transport, e.g. `node dist/server.js --stdio`.\n');
  process.exit(2);
}

// Nothing may crash the server: an unexpected error is logged and the server keeps answering.
// Standard error, not the connection: the connection may be what broke.
const toStderr = (message: string): void => {
  process.stderr.write(`${message}\n`);
};
process.on('uncaughtException', (error) => {
  reportFailure(toStderr, 'process', 'uncaughtException', error);
});
process.on('unhandledRejection', (reason) => {
  reportFailure(toStderr, 'process', 'unhandledRejection', reason);
});

startServer(createConnection(ProposedFeatures.all));
