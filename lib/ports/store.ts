import type { Assignment } from '../domain/assignment.js';
import type { CustomerFile, CustomerProfile } from '../domain/customer.js';
import type { SmsMessage } from '../domain/sms.js';
import type { Staff } from '../domain/staff.js';
import type { Visit } from '../domain/visit.js';

// The persistence port: one method per access pattern the use cases need, named after it.
// The DynamoDB adapter implements it on one table (lib/adapters/dynamodb); nothing outside the
// adapter knows about keys, indexes or SDK errors.

/** Everything stored under one customer: profile, foster's file, assignments and visits. */
export interface CustomerRecord {
  profile: CustomerProfile;
  file?: CustomerFile;
  assignments: Assignment[];
  visits: Visit[];
}

export interface Store {
  // Staff
  /** Staff by id; unknown ids are absent from the map. One BatchGet per 100 ids. */
  getStaff(ids: readonly string[]): Promise<Map<string, Staff>>;
  /** Upserts staff records (whole-record put). */
  putStaff(staff: readonly Staff[]): Promise<void>;

  // Customers
  /** Upserts customer profiles (whole-record put); foster's own file, visits and opt-outs are untouched. */
  putCustomers(profiles: readonly CustomerProfile[]): Promise<void>;
  /** One customer with everything under it, in one query; undefined when there is no profile. */
  getCustomerRecord(customerId: string): Promise<CustomerRecord | undefined>;
}

export type { SmsMessage };
