import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One message the sink received. */
export interface ReceivedMail {
  readonly from: string | undefined;
  readonly to: string[];
  /** The raw message (headers and body). */
  readonly raw: string;
}

/**
 * A real SMTP server on loopback (the `smtp-server` package) that keeps every message it accepts;
 * `refuse` makes it answer the next messages with a transient 451 or a permanent 550.
 */
export async function startSmtpSink(): Promise<{
  url: string;
  mails: ReceivedMail[];
  refuse: (code: 451 | 550 | undefined) => void;
  close: () => Promise<void>;
}> {
  const mails: ReceivedMail[] = [];
  let refusal: number | undefined;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refusal !== undefined) {
          const error = new Error(refusal === 451 ? 'try again later' : 'mailbox unavailable') as Error & { responseCode: number };
          error.responseCode = refusal;
          return callback(error);
        }
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    refuse: (code) => (refusal = code),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
