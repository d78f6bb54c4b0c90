/** Sends one SMS. `id` is foster's message id: a gateway may use it to refuse a duplicate. */
export interface SmsGateway {
  send(message: { id: string; to: string; body: string }): Promise<{ providerMessageId: string }>;
}
