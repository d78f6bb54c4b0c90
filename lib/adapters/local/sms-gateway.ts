import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../ports/clock.js';
import { DEFAULT_SMS_TEXT, renderSms, type SmsTextConfig } from '../../domain/sms.js';
import type { SmsGateway } from '../../ports/sms-gateway.js';

// The local SMS gateway: instead of a phone network, a list anyone can read at `GET /_local/sms`.
// With a file it appends one JSON line per message, so a restarted runtime still shows them.

export interface SentSms {
  messageId: string;
  to: string;
  body: string;
  sentAt: string;
}

export interface LocalSmsGateway extends SmsGateway {
  /** Every message sent, oldest first. */
  sent(): readonly SentSms[];
}

export function createLocalSmsGateway({ clock, file, texts = DEFAULT_SMS_TEXT }: { clock: Clock; file?: string; texts?: SmsTextConfig }): LocalSmsGateway {
  const sent: SentSms[] =
    file && existsSync(file)
      ? readFileSync(file, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as SentSms)
      : [];
  return {
    async send(outbound) {
      const message = { messageId: randomUUID(), to: outbound.to, body: renderSms(outbound, texts), sentAt: clock.now().toISOString() };
      sent.push(message);
      if (file) appendFileSync(file, `${JSON.stringify(message)}\n`);
      return { providerMessageId: message.messageId };
    },
    sent: () => sent,
  };
}
