/** Where "now" comes from: the system clock in the cloud, a settable one locally and in tests. */
export interface Clock {
  now(): Date;
}

/** The system clock. */
export const systemClock: Clock = { now: () => new Date() };
