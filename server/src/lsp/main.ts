import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

const TRANSPORTS = ['--stdio', '--node-ipc', '--socket', '--pipe'];

if (!process.argv.some((arg) => TRANSPORTS.some((t) => arg === t || arg.startsWith(`${t}=`)))) {
  process.stderr.write('kube-lb-reach language server: pass a transport, e.g. `node dist/server.js --stdio`.\n');
  process.exit(2);
}

// Nothing may crash the server: an unexpected error is logged and the server keeps answering.
process.on('uncaughtException', (error) => process.stderr.write(`kube-lb-reach: uncaught: ${error.stack ?? String(error)}\n`));
process.on('unhandledRejection', (reason) => process.stderr.write(`kube-lb-reach: unhandled rejection: ${String(reason)}\n`));

startServer(createConnection(ProposedFeatures.all));
