import { Logger } from '@aws-lambda-powertools/logger';
import { maskPhone } from '../domain/phone.js';

// Powertools Logger with one addition: every string it serialises passes through a mask that
// turns anything shaped like a phone number into +86****1234, so no log line holds a whole number,
// whoever forgot to mask it upstream.

const PHONE_LIKE = /\+?\d[\d -]{9,18}\d/g;

/** Masks every run of 11 or more digits (optionally with +, spaces or dashes) in a string. */
export function redactPhones(text: string): string {
  return text.replace(PHONE_LIKE, (match) => (match.replace(/\D/g, '').length >= 11 ? maskPhone(match) : match));
}

export interface LoggerOptions {
  /** @default 'foster' */
  readonly serviceName?: string;
  /** @default 'INFO' */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
}

/** A Powertools Logger whose output never holds a whole phone number. */
export function createLogger({ serviceName = 'foster', logLevel = 'INFO' }: LoggerOptions = {}): Logger {
  return new Logger({
    serviceName,
    logLevel,
    jsonReplacerFn: (_key, value) => (typeof value === 'string' ? redactPhones(value) : value),
  });
}

export type { Logger };
