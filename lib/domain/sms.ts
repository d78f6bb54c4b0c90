import { z } from 'zod';

// Outbound SMS live in the outbox: written in the same transaction as the state change that
// causes them, sent later by the sender, which checks opt-out and quiet hours at send time.
// Templates follow the source process word for word; the company and app names are configuration.

export const SmsPurpose = z.enum([
  'agentChange', // to the customer: a new agent will serve you
  'assignedCount', // to the agent: N orphans assigned this month
  'overdue', // to supervisor and district manager: assignments past their deadline
  'visitReminder', // to the agent: visit N is due
  'retryReminder', // to the agent: try again after a refusal
  'ratingRequest', // to the customer: rate the visit 1-5
  'optOutConfirm',
  'help',
]);
export type SmsPurpose = z.infer<typeof SmsPurpose>;

export const SmsState = z.enum(['queued', 'sending', 'sent', 'suppressed']);
export type SmsState = z.infer<typeof SmsState>;

export const SmsMessage = z.object({
  id: z.string(),
  to: z.string(),
  body: z.string(),
  purpose: SmsPurpose,
  state: SmsState,
  createdAt: z.string(),
  /** Not before this instant (quiet hours push it to 08:00). */
  sendAfter: z.string(),
  customerId: z.string().optional(),
  staffId: z.string().optional(),
  visitId: z.string().optional(),
  sentAt: z.string().optional(),
  /** The gateway's id (SNS MessageId): a reply's `previousPublishedMessageId` points at it. */
  providerMessageId: z.string().optional(),
  /** When a sender claimed it (a claim older than a few minutes is taken over). */
  claimedAt: z.string().optional(),
  /** Why a message was not sent (`optedOut`). */
  reason: z.string().optional(),
});
export type SmsMessage = z.infer<typeof SmsMessage>;

/** A number that asked for no more texts; kept apart from the customer, so no customer update removes it. */
export const OptOut = z.object({ phone: z.string(), optedOutAt: z.string() });
export type OptOut = z.infer<typeof OptOut>;

export interface SmsTextConfig {
  /** Company name in the customer text. @default '平安' */
  companyName: string;
  /** The agent app named in the agent text. @default 'E行销' */
  agentApp: string;
  /** Service line given in HELP answers. @default '95511' */
  serviceLine: string;
}

export const DEFAULT_SMS_TEXT: SmsTextConfig = { companyName: '平安', agentApp: 'E行销', serviceLine: '95511' };

/** The texts foster sends; each a pure function of its fields. */
export const smsText = {
  /** 业务员变更短信, to the customer on approval. */
  agentChange: (c: SmsTextConfig, customerName: string) =>
    `尊敬的${customerName}，您好！感谢您对${c.companyName}的支持，为提升服务质量，我司将安排一名优秀代理人为您提供保单增值服务。`,
  /** 约访提醒短信, to the agent once per approval batch; `month` is 1-12. */
  assignedCount: (c: SmsTextConfig, month: number, count: number) =>
    `${month}月公司为您分配${count}名孤儿单客户，并已发送短信通知客户您将为其提供增值服务，请及时登陆${c.agentApp}查看并进行邀约拜访。`,
  overdue: (_c: SmsTextConfig, count: number, deadline: string) =>
    `您有${count}名孤儿单客户超过分配期限（${deadline}）仍未分配，请尽快处理；区经理确认后将按区域分配给收展员。`,
  visitReminder: (_c: SmsTextConfig, customerName: string, visitNumber: number, dueOn: string, late: boolean) =>
    late
      ? `提醒：客户${customerName}的第${visitNumber}次约访已于${dueOn}到期，尚未完成，请尽快邀约拜访。`
      : `提醒：客户${customerName}的第${visitNumber}次约访今日（${dueOn}）到期，请及时邀约拜访。`,
  retryReminder: (_c: SmsTextConfig, customerName: string, byDate: string) =>
    `提醒：客户${customerName}上次婉拒了邀约，请在${byDate}前再次邀约。`,
  ratingRequest: (c: SmsTextConfig, customerName: string, agentName: string) =>
    `尊敬的${customerName}，感谢您接受${c.companyName}代理人${agentName}的服务。请回复数字1-5为本次服务评分（5为非常满意），可附上您的意见。回复TD退订。`,
  optOutConfirm: (c: SmsTextConfig) => `您已退订${c.companyName}服务短信，此后不再发送。如需帮助请致电${c.serviceLine}。`,
  help: (c: SmsTextConfig) => `${c.companyName}客服热线${c.serviceLine}。回复1-5为服务评分，回复TD退订。`,
};

/** A new outbox message, due now; the sender applies quiet hours and opt-out when it sends. */
export function newSms(fields: {
  id?: string;
  to: string;
  body: string;
  purpose: SmsPurpose;
  now: Date;
  customerId?: string;
  staffId?: string;
  visitId?: string;
}): SmsMessage {
  const { id, now, ...rest } = fields;
  return {
    id: id ?? globalThis.crypto.randomUUID(),
    state: 'queued',
    createdAt: now.toISOString(),
    sendAfter: now.toISOString(),
    ...rest,
  };
}
