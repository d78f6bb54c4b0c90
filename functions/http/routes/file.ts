import { MANAGERS, type RouteSpec } from '../route-spec.js';
import { ExperienceInput } from '../../../lib/domain/experience.js';
import { AssessmentInput } from '../../../lib/domain/segment.js';
import { AssessmentResponse, Created, ExperienceGivenResponse, ReferralInput } from '../../../lib/domain/file-api.js';

/** The routes the file Lambda serves (part of the route table, functions/http/routes.ts). */
export const FILE_ROUTES = [
  {
    key: 'POST /customers/{id}/assessment',
    group: 'file',
    guard: 'jwt',
    roles: [...MANAGERS, 'agent'],
    summary: 'Judge ability and/or willingness by hand, with evidence (the agent of the customer or a manager over them)',
    body: AssessmentInput,
    response: AssessmentResponse,
  },
  {
    key: 'POST /customers/{id}/experiences',
    group: 'file',
    guard: 'jwt',
    roles: ['agent'],
    summary: 'Record an experience given to the customer (their agent)',
    body: ExperienceInput,
    response: ExperienceGivenResponse,
    status: 201,
  },
  {
    key: 'POST /customers/{id}/referrals',
    group: 'file',
    guard: 'jwt',
    roles: [...MANAGERS, 'agent'],
    summary: 'Record a referral: an existing customer or a new prospect file',
    body: ReferralInput,
    response: Created,
    status: 201,
  },
] as const satisfies readonly RouteSpec[];
