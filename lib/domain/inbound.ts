import * as z from './zod.js';

// A customer's SMS as AWS End User Messaging two-way SMS publishes it to SNS, and what foster made
// of it. `inboundMessageId` is the idempotency key: the same message delivered twice is recorded once.

/** The JSON inside the SNS notification's `Message`. */
export const InboundSmsPayload = z.object({
  originationNumber: z.string().check(z.minLength(1)),
  destinationNumber: z.string().check(z.minLength(1)),
  messageKeyword: z.optional(z.string()),
  messageBody: z.string(),
  inboundMessageId: z.string().check(z.minLength(1), z.maxLength(200)),
  previousPublishedMessageId: z.nullish(z.string().check(z.minLength(1), z.maxLength(200))),
});
export type InboundSmsPayload = z.infer<typeof InboundSmsPayload>;

export type InboundOutcome = 'rating' | 'correction' | 'repeat' | 'optOut' | 'help' | 'unknown' | 'unmatched' | 'malformed';

/** The stored record of one inbound message. */
export interface InboundRecord {
  id: string;
  from?: string;
  body: string;
  receivedAt: string;
  outcome: InboundOutcome;
  matchedBy?: 'messageId' | 'phone';
  customerId?: string;
  /** The customer's agent, when known (the managers' alerts name them). */
  agentId?: string;
  visitId?: string;
  rating?: number;
  comment?: string;
  /** For unmatched and unknown replies: whose supervisor and district should look at it. */
  supervisorId?: string;
  deptId?: string;
  districtId?: string;
  reason?: string;
}
