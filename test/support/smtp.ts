// A local SMTP server (smtp-server) that parses every message it accepts (mailparser), for
// email tests. Recipients starting with "bounce" are refused permanently (550), those starting
// with "busy" temporarily (451), the first `busyTimes` times.
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type Smtp = {
  port: number;
  mails: ParsedMail[];
  to: (address: string) => ParsedMail[];
  close: () => Promise<void>;
};

export async function startSmtp(options: { busyTimes?: number } = {}): Promise<Smtp> {
  const mails: ParsedMail[] = [];
  let busy = options.busyTimes ?? 1;
  const refuse = (message: string, responseCode: number) => Object.assign(new Error(message), { responseCode });
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 1024 * 1024,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('bounce')) return callback(refuse('No such mailbox', 550));
      if (address.address.startsWith('busy') && busy-- > 0) return callback(refuse('Mailbox busy, try later', 451));
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          mails.push(mail);
          callback();
        },
        (err) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  const addresses = (m: ParsedMail) =>
    (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) => a.value.map((v) => v.address));
  return {
    port,
    mails,
    to: (address) => mails.filter((m) => addresses(m).includes(address)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
