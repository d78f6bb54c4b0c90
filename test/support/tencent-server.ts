import { createHash, createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// A local HTTP server answering like Tencent Cloud's API (https://sms.tencentcloudapi.com, API 3.0,
// JSON over POST): it records each request and answers what the test says. The real SDK talks to
// it through its configurable endpoint.

export interface TencentCall {
  readonly headers: IncomingHttpHeaders;
  readonly raw: string;
  readonly body: Record<string, unknown>;
}

export type TencentAnswer = { status?: number; json: unknown } | 'hang';

export interface FakeTencent {
  /** host:port for the SDK's httpProfile.endpoint (with protocol http://). */
  readonly endpoint: string;
  readonly calls: TencentCall[];
  answer: (call: TencentCall) => TencentAnswer;
  close(): Promise<void>;
}

export async function startFakeTencent(answer: (call: TencentCall) => TencentAnswer = (call) => ({ json: sendSmsAnswer(call, 'Ok') })): Promise<FakeTencent> {
  const calls: TencentCall[] = [];
  const fake = { endpoint: '', calls, answer } as Omit<FakeTencent, 'close'>;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const call: TencentCall = { headers: req.headers, raw, body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {} };
      calls.push(call);
      const out = fake.answer(call);
      if (out === 'hang') return;
      res.writeHead(out.status ?? 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(out.json));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return Object.assign(fake, {
    endpoint: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  });
}

/** A SendSms answer with one status per number of the request, each with `code`. */
export function sendSmsAnswer(call: TencentCall, code: string, message = code === 'Ok' ? 'send success' : 'refused') {
  const phones = (call.body.PhoneNumberSet as string[] | undefined) ?? [];
  return {
    Response: {
      SendStatusSet: phones.map((phone) => ({
        SerialNo: code === 'Ok' ? `2645:${randomUUID().replace(/-/g, '').slice(0, 20)}` : '',
        PhoneNumber: phone,
        Fee: code === 'Ok' ? 1 : 0,
        SessionContext: typeof call.body.SessionContext === 'string' ? call.body.SessionContext : '',
        Code: code,
        Message: message,
        IsoCode: 'CN',
      })),
      RequestId: randomUUID(),
    },
  };
}

/** An API-level error answer (the request itself refused). */
export function errorAnswer(code: string, message = code) {
  return { Response: { Error: { Code: code, Message: message }, RequestId: randomUUID() } };
}

/** Checks a request's TC3-HMAC-SHA256 Authorization header as Tencent's API would, with the key's secret. */
export function tc3SignatureValid(call: TencentCall, secretKey: string): boolean {
  const auth = String(call.headers.authorization ?? '');
  const match = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth);
  if (!match) return false;
  const [, , date, service, signedHeaders, signature] = match;
  const timestamp = String(call.headers['x-tc-timestamp']);
  const host = String(call.headers.host).split(':')[0];
  const hash = (s: string) => createHash('sha256').update(s).digest('hex');
  const hmac = (key: string | Buffer, s: string) => createHmac('sha256', key).update(s).digest();
  const canonical = ['POST', '/', '', `content-type:${call.headers['content-type']}\nhost:${host}\n`, signedHeaders, hash(call.raw)].join('\n');
  const toSign = ['TC3-HMAC-SHA256', timestamp, `${date}/${service}/tc3_request`, hash(canonical)].join('\n');
  const key = hmac(hmac(hmac(`TC3${secretKey}`, date!), service!), 'tc3_request');
  return createHmac('sha256', key).update(toSign).digest('hex') === signature;
}
