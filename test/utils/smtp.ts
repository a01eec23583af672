import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Mail {
  to: string[];
  raw: string;
}

export interface SmtpReceiver {
  /** Every message accepted, in order of arrival. */
  mails: Mail[];
  /** `smtp://127.0.0.1:PORT`, for SMTP_URL. */
  url: string;
  /**
   * The next `n` deliveries to `address` are refused with 451 (a transient failure the sender must
   * retry). Scoped to one address: the test database is shared, so the app may also be delivering
   * other suites' e-mails through this server.
   */
  refuseNext(address: string, n: number): void;
  close(): Promise<void>;
}

/** A real SMTP server on a free loopback port that keeps what it is sent. */
export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const mails: Mail[] = [];
  const refusals = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(recipient, _session, done) {
      const left = refusals.get(recipient.address) ?? 0;
      if (left > 0) {
        refusals.set(recipient.address, left - 1);
        return done(Object.assign(new Error('mailbox busy, try later'), { responseCode: 451 }));
      }
      done();
    },
    onData(stream, session, done) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString()));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        done();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    mails,
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    refuseNext: (address, n) => void refusals.set(address, n),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
