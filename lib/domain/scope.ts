import type { Role, Staff } from './staff.js';

// Who may see what. Scope is decided here, in the domain, and every use case asks it: an agent sees
// their own customers, a supervisor their team's, a department or district manager everything whose
// agent sits in their department or district, an admin everything.

/** The authenticated caller, from the JWT claims `sub` and `role`. */
export interface Caller {
  sub: string;
  role: Role;
}

/** Whether `caller` (whose staff record is `me`) may act on things of `agent`, the customer's agent. */
export function inScope(caller: Caller, me: Staff | undefined, agent: Staff | undefined, agentId: string): boolean {
  switch (caller.role) {
    case 'admin':
      return true;
    case 'agent':
      return agentId === caller.sub;
    case 'supervisor':
      return agentId === caller.sub || agent?.supervisorId === caller.sub;
    case 'deptManager':
      return !!me && !!agent && agent.deptId === me.deptId;
    case 'districtManager':
      return !!me && !!agent && agent.districtId === me.districtId;
  }
}
