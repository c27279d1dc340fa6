// The system under test of bench/sip-calls.ts: our minimal UAS (test/sip/uas.ts) in its own
// process, so that its CPU time and memory are its own. Started by the bench over IPC:
//   node --import tsx bench/sip-uas-server.ts <port>
// It sends {ready, port} once listening and answers {cmd: 'usage'} with CPU time, RSS and
// the transaction layer's metrics; {cmd: 'stop'} closes it.
import { MinimalUas } from '../test/sip/uas.js';

const port = Number(process.argv[2] ?? 0);
const uas = await MinimalUas.start({ udpPort: port, tcpPort: null });
const send = (m: unknown) => process.send?.(m);

process.on('message', (msg: { cmd: string }) => {
  if (msg.cmd === 'usage') send({ usage: uas.usage() });
  if (msg.cmd === 'stop') void uas.close().then(() => process.exit(0));
});
process.on('disconnect', () => void uas.close().then(() => process.exit(0)));
send({ ready: true, port: uas.port('UDP') });
