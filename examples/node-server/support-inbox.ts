// The support team's side of an escalation, for the example: a webhook receiver on loopback that
// checks the signature (HMAC-SHA256 of the raw body, the `Kotae-Signature` header) and prints each
// escalation. In a real product this is your ticket system, or a small adapter in front of it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyEscalationSignature, type Escalation } from '@kotae/server';

export interface SupportInbox {
  /** Where the answer service posts escalations. */
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

/** Starts the receiver; `print` gets each escalation whose signature is valid (401 for the others). */
export async function startSupportInbox(secret: string, print: (escalation: Escalation) => void): Promise<SupportInbox> {
  let tickets = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      void verifyEscalationSignature(secret, body, req.headers['kotae-signature']?.toString()).then((valid) => {
        if (!valid) return void res.writeHead(401).end();
        print(JSON.parse(body) as Escalation);
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ ticket: `SUP-${++tickets}` }));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/escalations`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
