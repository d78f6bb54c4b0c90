import * as z from './zod.js';

// Outbound SMS live in the outbox: written in the same transaction as the state change that
// causes them, sent later by the sender, which checks opt-out and quiet hours at send time.
// Templates follow the source process word for word; the company and app names are configuration.

export const SmsPurpose = z.enum([
  'agentChange', // to the customer: a new agent will serve you
  'assignedCount', // to the agent: N orphans assigned this month
  'overdue', // to supervisor and district manager: assignments past their deadline
  'assignmentPrompt', // to the supervisor at a departure: orphans to assign by the deadline
  'firstInvitation', // to the agent: customers still without a first invitation after the window
  'visitReminder', // to the agent: visit N is due
  'retryReminder', // to the agent: try again after a refusal
  'ratingRequest', // to the customer: rate the visit 1-5
  'optOutConfirm',
  'help',
  'care', // to the customer: routine care (greetings on occasions, service tips), lib/domain/care.ts
]);
export type SmsPurpose = z.infer<typeof SmsPurpose>;

/**
 * `failed`: the provider refused it for good (invalid number, the customer's blacklist at the
 * provider) or it still failed after the configured number of tries; it has left the queue.
 */
export const SmsState = z.enum(['queued', 'sending', 'sent', 'suppressed', 'failed']);
export type SmsState = z.infer<typeof SmsState>;

/** Routine care texts (the farm): greetings and service content only, never a product. */
const CARE_TEMPLATES = [
  'careHoliday',
  'careQingming',
  'careBirthday',
  'careAnniversary',
  'carePremiumDue',
  'careTipClaim',
  'careTipSelfService',
  'careTipHealth',
  'careTipFraud',
  'careTipContact',
] as const;

/**
 * The fixed texts foster sends, by key. China requires registered templates, so an outbox message
 * stores only its template key and parameters; each gateway renders them (SNS sends the text,
 * Tencent Cloud SMS the registered template id and `params` in this order).
 */
export const SmsTemplate = z.enum([
  'agentChange',
  'assignedCount',
  'overdue',
  'overdueDistrict',
  'assignmentPrompt',
  'visitReminder',
  'visitReminderLate',
  'retryReminder',
  'retryReminderReason',
  'firstInvitationLate',
  'ratingRequest',
  'optOutConfirm',
  'help',
  ...CARE_TEMPLATES,
]);
export type SmsTemplate = z.infer<typeof SmsTemplate>;

/** Template parameters: short strings, in the template's declared order. */
export const SmsParams = z.record(z.string(), z.string());
export type SmsParams = z.infer<typeof SmsParams>;

export const SmsMessage = z.object({
  id: z.string(),
  to: z.string(),
  template: SmsTemplate,
  params: SmsParams,
  /** Messages queued before template keys (schema version 1) carry their rendered text only. */
  body: z.optional(z.string()),
  purpose: SmsPurpose,
  state: SmsState,
  createdAt: z.string(),
  /** Not before this instant (quiet hours push it to 08:00). */
  sendAfter: z.string(),
  customerId: z.optional(z.string()),
  staffId: z.optional(z.string()),
  visitId: z.optional(z.string()),
  sentAt: z.optional(z.string()),
  /** The gateway's id (SNS MessageId): a reply's `previousPublishedMessageId` points at it. */
  providerMessageId: z.optional(z.string()),
  /** When a sender claimed it (a claim older than CLAIM_STALE_SECONDS is taken over). */
  claimedAt: z.optional(z.string()),
  /** Which drain holds the claim: only that drain may settle the message. */
  claimId: z.optional(z.string()),
  /** Why a message was not sent (`optedOut`, `permanent`, `optedOutAtProvider`, `retriesExhausted`). */
  reason: z.optional(z.string()),
  /** Failed tries so far. */
  attempts: z.optional(z.int().check(z.nonnegative())),
  /** The provider's code of the last failure (e.g. `LimitExceeded.PhoneNumberDailyLimit`, `ThrottledException`). */
  lastError: z.optional(z.string()),
  failedAt: z.optional(z.string()),
  /** What the provider's delivery receipt said, once it came. */
  delivery: z.optional(z.enum(['delivered', 'undelivered'])),
  deliveredAt: z.optional(z.string()),
  /** The receipt's status code when undelivered (e.g. `MK:0001`). */
  deliveryError: z.optional(z.string()),
});
export type SmsMessage = z.infer<typeof SmsMessage>;

/** A text that did not reach its customer, kept in the customer's file so staff see it. */
export interface FailedText {
  smsId: string;
  customerId: string;
  purpose: SmsPurpose;
  template?: SmsTemplate;
  visitId?: string;
  /** `permanent`, `optedOutAtProvider`, `retriesExhausted` (never sent) or `undelivered` (sent, the receipt said it failed). */
  reason: string;
  /** The provider's code. */
  error?: string;
  at: string;
}

/** A number that asked for no more texts; kept apart from the customer, so no customer update removes it. */
export const OptOut = z.object({
  phone: z.string(),
  optedOutAt: z.string(),
  /** `provider`: the provider reported the number on its blacklist (the customer unsubscribed there). @default a reply */
  source: z.optional(z.enum(['reply', 'provider'])),
});
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

/** One template: its parameter names in the provider's order, and its text. */
export interface TemplateSpec {
  readonly params: readonly string[];
  readonly text: (c: SmsTextConfig, p: Readonly<Record<string, string>>) => string;
}

/**
 * Every template: the source process's texts word for word (业务员变更短信, 约访提醒短信), the rest
 * foster's own. The company, app and service line are configuration, fixed per registered template.
 */
export const SMS_TEMPLATES: Readonly<Record<SmsTemplate, TemplateSpec>> = {
  /** 业务员变更短信, to the customer on approval. */
  agentChange: {
    params: ['customerName'],
    text: (c, p) => `尊敬的${p.customerName}，您好！感谢您对${c.companyName}的支持，为提升服务质量，我司将安排一名优秀代理人为您提供保单增值服务。`,
  },
  /** 约访提醒短信, to the agent on approval; `month` is 1-12. */
  assignedCount: {
    params: ['month', 'count'],
    text: (c, p) => `${p.month}月公司为您分配${p.count}名孤儿单客户，并已发送短信通知客户您将为其提供增值服务，请及时登陆${c.agentApp}查看并进行邀约拜访。`,
  },
  /** To the supervisor who owns overdue orphans. */
  overdue: {
    params: ['count', 'deadline'],
    text: (_c, p) =>
      `您有${p.count}名孤儿单客户超过分配期限（${p.deadline}）仍未分配，请尽快分配；区经理确认后，将按区域分配给收展员，无收展员的区域分配给保全员。`,
  },
  /** To the district manager of overdue orphans: they confirm the fallback. */
  overdueDistrict: {
    params: ['count', 'deadline'],
    text: (_c, p) => `您辖区有${p.count}名孤儿单客户超过分配期限（${p.deadline}）仍未分配，请确认后按区域分配给收展员，无收展员的区域分配给保全员。`,
  },
  /** To the supervisor at a departure (根据系统提示): once per departure, not per orphan. */
  assignmentPrompt: {
    params: ['departedAgent', 'count', 'deadline'],
    text: (_c, p) =>
      `业务员${p.departedAgent}已离司，其${p.count}名孤儿单客户已预分配给您，请于${p.deadline}前分配给合适的业务员；逾期未分配的，经区经理确认后将按区域分配给收展员或保全员。`,
  },
  visitReminder: {
    params: ['customerName', 'visitNumber', 'dueOn'],
    text: (_c, p) => `提醒：客户${p.customerName}的第${p.visitNumber}次约访今日（${p.dueOn}）到期，请及时邀约拜访。`,
  },
  visitReminderLate: {
    params: ['customerName', 'visitNumber', 'dueOn'],
    text: (_c, p) => `提醒：客户${p.customerName}的第${p.visitNumber}次约访已于${p.dueOn}到期，尚未完成，请尽快邀约拜访。`,
  },
  /** Queued before invitation reasons existed; kept so those messages still render. */
  retryReminder: {
    params: ['customerName', 'byDate'],
    text: (_c, p) => `提醒：客户${p.customerName}上次婉拒了邀约，请在${p.byDate}前再次邀约。`,
  },
  retryReminderReason: {
    params: ['customerName', 'byDate', 'reason'],
    text: (_c, p) => `提醒：客户${p.customerName}上次婉拒了邀约，请在${p.byDate}前再次邀约，建议邀约事由：${p.reason}。`,
  },
  /** To the agent when approved customers still have no invitation attempt after the first-invitation window. */
  firstInvitationLate: {
    params: ['count', 'days'],
    text: (c, p) => `提醒：您有${p.count}名孤儿单客户在分配后${p.days}天内尚未邀约，请尽快电话邀约，并在${c.agentApp}记录邀约结果。`,
  },
  ratingRequest: {
    params: ['customerName', 'agentName'],
    text: (c, p) =>
      `尊敬的${p.customerName}，感谢您接受${c.companyName}代理人${p.agentName}的服务。请回复数字1-5为本次服务评分（5为非常满意），可附上您的意见。回复TD退订。`,
  },
  optOutConfirm: { params: [], text: (c) => `您已退订${c.companyName}服务短信，此后不再发送。如需帮助请致电${c.serviceLine}。` },
  help: { params: [], text: (c) => `${c.companyName}客服热线${c.serviceLine}。回复1-5为服务评分，回复TD退订。` },
  // Routine care (the farm). Service and greetings only: mainland providers refuse insurance
  // marketing templates, and commercial texts need prior consent. Each ends with the mainland
  // unsubscribe reply R, which the reply parser reads as an opt-out like 退订.
  careHoliday: {
    params: ['customerName', 'holiday'],
    text: (c, p) => `尊敬的${p.customerName}，值此${p.holiday}之际，${c.companyName}祝您和家人节日快乐、幸福安康！拒收请回复R`,
  },
  careQingming: {
    params: ['customerName'],
    text: (c, p) => `尊敬的${p.customerName}，清明时节出行祭扫人多，请注意交通与用火安全。${c.companyName}祝您和家人平安健康！拒收请回复R`,
  },
  careBirthday: {
    params: ['customerName'],
    text: (c, p) => `尊敬的${p.customerName}，在您生日之际，${c.companyName}祝您生日快乐、身体健康、万事顺意！拒收请回复R`,
  },
  careAnniversary: {
    params: ['customerName', 'product', 'years', 'date'],
    text: (c, p) =>
      `尊敬的${p.customerName}，您的${p.product}保单将于${p.date}迎来第${p.years}个保单周年日，感谢您一直以来的信任。保单服务请致电${c.serviceLine}。拒收请回复R`,
  },
  carePremiumDue: {
    params: ['customerName', 'product', 'date'],
    text: (c, p) =>
      `尊敬的${p.customerName}，您的${p.product}保单续期缴费日为${p.date}，请留意缴费账户余额，以免影响保障。如需帮助请致电${c.serviceLine}。拒收请回复R`,
  },
  careTipClaim: {
    params: ['customerName'],
    text: (c, p) =>
      `尊敬的${p.customerName}，温馨提示：如需理赔，可致电${c.serviceLine}或通过${c.companyName}官方App报案，备齐病历、发票等材料即可办理。拒收请回复R`,
  },
  careTipSelfService: {
    params: ['customerName'],
    text: (c, p) => `尊敬的${p.customerName}，温馨提示：保单查询、信息变更、缴费账户修改等业务可在${c.companyName}官方App自助办理，足不出户。拒收请回复R`,
  },
  careTipHealth: {
    params: ['customerName'],
    text: (c, p) => `尊敬的${p.customerName}，健康小贴士：规律作息、适量运动、每年一次体检，是守护健康的好习惯。${c.companyName}祝您身体健康！拒收请回复R`,
  },
  careTipFraud: {
    params: ['customerName'],
    text: (c, p) => `尊敬的${p.customerName}，温馨提示：${c.companyName}不会要求您向陌生账户转账，如遇可疑来电、短信请致电${c.serviceLine}核实。拒收请回复R`,
  },
  careTipContact: {
    params: ['customerName'],
    text: (c, p) => `尊敬的${p.customerName}，温馨提示：如您的联系电话或地址有变化，请致电${c.serviceLine}及时更新，以免错过重要保单通知。拒收请回复R`,
  },
};

/** The text of a message: its template rendered with its parameters (or, for a message queued before templates, its stored text). */
export function renderSms(message: { template?: SmsTemplate; params?: SmsParams; body?: string }, c: SmsTextConfig): string {
  if (!message.template) return message.body ?? '';
  return SMS_TEMPLATES[message.template].text(c, message.params ?? {});
}

/** A template's parameters as the ordered list a provider with registered templates takes. */
export function templateParamList(template: SmsTemplate, params: SmsParams): string[] {
  return SMS_TEMPLATES[template].params.map((name) => params[name] ?? '');
}

/** A new outbox message, due now; the sender applies quiet hours and opt-out when it sends. */
export function newSms(fields: {
  id?: string;
  to: string;
  template: SmsTemplate;
  params: Record<string, string | number>;
  purpose: SmsPurpose;
  now: Date;
  customerId?: string;
  staffId?: string;
  visitId?: string;
}): SmsMessage {
  const { id, now, params, ...rest } = fields;
  return {
    id: id ?? globalThis.crypto.randomUUID(),
    params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])),
    state: 'queued',
    createdAt: now.toISOString(),
    sendAfter: now.toISOString(),
    ...rest,
  };
}
