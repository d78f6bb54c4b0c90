import type { Role } from '../../domain/staff.js';

/** Everyone with a staff token (scope still applies). */
export const STAFF_ROLES = ['agent', 'supervisor', 'deptManager', 'districtManager', 'admin'] as const satisfies readonly Role[];

/**
 * Who may judge a customer or record a referral: the customer's agent, and the managers over that
 * agent (they visit with new agents and know the customers too). Not an admin: an assessment is a
 * judgement by someone who knows the customer; an admin's data arrives by upload.
 */
export const RELATIONSHIP_ROLES = ['agent', 'supervisor', 'deptManager', 'districtManager'] as const satisfies readonly Role[];
