import { addStaffClaims } from '../staff-token.js';

/** Lambda entry of the staff pool's Pre Token Generation (V2) trigger. */
export const handler = addStaffClaims;
