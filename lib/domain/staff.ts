import * as z from './zod.js';
import { Id, InputDate } from './ids.js';
import { Phone } from './phone.js';

// Staff: agents, their supervisors and managers. Only active formal agents may receive orphans;
// collectors and service clerks are the fallback owners by region when a supervisor misses the deadline.

export const ROLES = ['agent', 'supervisor', 'deptManager', 'districtManager', 'admin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** `formal` agents receive orphans; `probation` agents do not; `collector` / `serviceClerk` are fallbacks. */
export const StaffKind = z.enum(['formal', 'probation', 'collector', 'serviceClerk', 'manager']);
export type StaffKind = z.infer<typeof StaffKind>;

/**
 * `active` staff work and sign in; `departed` ones left (their customers became orphans); `inactive`
 * ones are on leave or suspended: they keep their customers but may not sign in or receive orphans.
 */
export const StaffStatus = z.enum(['active', 'departed', 'inactive']);
export type StaffStatus = z.infer<typeof StaffStatus>;

/** One staff record as `PUT /admin/staff` takes it. */
export const StaffInput = z.object({
  id: Id,
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  phone: Phone,
  role: Role,
  kind: StaffKind,
  // HR exports write a missing supervisor as null, nothing or an empty string.
  supervisorId: z.pipe(
    z.pipe(
      z.transform((v: unknown) => (v === '' ? null : v)),
      z.nullish(Id),
    ),
    z.transform((v) => v ?? null),
  ),
  deptId: Id,
  districtId: Id,
  region: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  joinedOn: InputDate,
  status: z._default(StaffStatus, 'active'),
  /** Where the staff sign-in invitation goes (Cognito e-mails a temporary password); none: no invitation. */
  email: z.optional(z.email().check(z.maxLength(254))),
});
export type StaffInput = z.input<typeof StaffInput>;
export type Staff = z.infer<typeof StaffInput> & {
  departedAt?: string;
  /** The last upload could not update this member's sign-in; the next upload tries again. */
  signInPending?: boolean;
};

/** Up to 1,000 staff a call. */
export const StaffBatch = z.array(StaffInput).check(z.minLength(1), z.maxLength(1000));
