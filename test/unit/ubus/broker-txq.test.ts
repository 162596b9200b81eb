// Issue 12 item 9: the project's broker caps what it queues to a client that never reads, as ubusd does (1 MiB).
import * as net from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CLIENT_MAX_TXQ_LEN, startBroker } from '../../../src/ubus/broker';
import { UbusAttr, UbusMsgType, encodeMessage } from '../../../src/ubus/message';
import { UbusClient } from '../../../src/ubus/client';
import { uniquePath } from './helpers';

test('a peer that sends 300 PINGs of 60 kB and never reads: at most 1 MiB queued for it, the rest dropped; others still served', async () => {
  const socketPath = uniquePath('/tmp/qmi4g-txq') + '.sock';
  const broker = await startBroker(socketPath);
  const s = net.createConnection(socketPath);
  s.on('error', () => undefined);
  await new Promise<void>((r) => s.once('connect', () => r()));
  s.pause(); // never reads: the broker's writes back up
  const ping = encodeMessage(UbusMsgType.PING, 1, 0, [[UbusAttr.DATA, new Uint8Array(60_000)]]);
  for (let i = 0; i < 300; i++) s.write(ping);
  const end = Date.now() + 5000;
  while (broker.droppedMessages === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  assert.ok(broker.droppedMessages > 0, 'messages beyond the cap were dropped');
  const ids = [...(broker as unknown as { clients: Map<number, unknown> }).clients.keys()];
  for (const id of ids) assert.ok(broker.txQueued(id) <= CLIENT_MAX_TXQ_LEN, `client ${id}: ${broker.txQueued(id)} bytes queued`);
  const c = await UbusClient.connect({ socketPath, reconnect: false });
  await c.ping();
  c.close();
  s.destroy();
  await broker.close();
});

test.run();
