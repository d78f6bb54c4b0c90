import { validate, compileErrors } from '@readme/openapi-parser';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as z from '../../lib/domain/zod.js';
import { openApiDocument, operationId } from '../../functions/http/openapi.js';
import { createPublicHandler } from '../../functions/http/public.js';
import { DOCUMENTED_ROUTES, type ROUTE_ANSWERS } from '../../functions/http/route-answers.js';
import { type ROUTES, type RouteKey, type RouteSpec } from '../../functions/http/routes.js';
import { createLogger } from '../../lib/adapters/logger.js';
import type { approveAssignments } from '../../lib/use-cases/assignment/approve-assignments.js';
import type { proposeAssignment, reviewAssignment } from '../../lib/use-cases/assignment/choose-agent.js';
import type { proposeAssignments, reviewAssignments } from '../../lib/use-cases/assignment/bulk-choose.js';
import type { autoPropose } from '../../lib/use-cases/assignment/auto-propose.js';
import type { getJob } from '../../lib/use-cases/assignment/departure-job.js';
import type { escalateAssignments } from '../../lib/use-cases/assignment/escalate-assignments.js';
import type { listAssignments } from '../../lib/use-cases/assignment/list-assignments.js';
import type { listCandidates } from '../../lib/use-cases/assignment/list-candidates.js';
import type { getCustomer } from '../../lib/use-cases/file/get-customer.js';
import type { upsertCustomers } from '../../lib/use-cases/file/upsert-customers.js';
import type { unmatchedReplies } from '../../lib/use-cases/replies/unmatched-replies.js';
import type { experienceMatrix } from '../../lib/domain/experience.js';
import type { assessCustomer } from '../../lib/use-cases/file/assess-customer.js';
import type { customerHistory } from '../../lib/use-cases/file/customer-history.js';
import type { giveExperience } from '../../lib/use-cases/file/give-experience.js';
import type { addReferral, referralTree } from '../../lib/use-cases/file/referrals.js';
import type { receiveTencentStatus } from '../../lib/use-cases/outbox/delivery-receipts.js';
import type { receiveTencentReply } from '../../lib/use-cases/replies/tencent-reply.js';
import type { fetchAssignmentExport } from '../../lib/use-cases/team/export-assignments.js';
import type { teamAlerts } from '../../lib/use-cases/team/team-alerts.js';
import type { teamMetrics } from '../../lib/use-cases/team/team-metrics.js';
import type { upsertStaff } from '../../lib/use-cases/team/upsert-staff.js';
import type { closeVisit, completeVisit } from '../../lib/use-cases/visits/complete-visit.js';
import type { myCustomers } from '../../lib/use-cases/visits/my-customers.js';
import type { recommendationLetter } from '../../lib/use-cases/visits/recommendation-letter.js';
import type { recordAttempt } from '../../lib/use-cases/visits/record-attempt.js';
import type { ExportStatusResponse } from '../../lib/domain/responses.js';
import { undocumentedAnswer } from '../support/contract.js';
import { callRoute } from '../support/http.js';

// GET /openapi.json: an OpenAPI 3.1 document generated from the route table, checked by a
// maintained parser, listing exactly the table's routes with their roles, inputs and answers.

const routes: readonly RouteSpec[] = DOCUMENTED_ROUTES;
const document = openApiDocument();
const operations = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
);
const opOf = (key: string) => operations.find((o) => o.key === key)!.op;

describe('openApiDocument', () => {
  it('is a valid OpenAPI 3.1 document for @readme/openapi-parser', async () => {
    // Act
    const result = await validate(structuredClone(document) as never);

    // Assert
    expect(document.openapi).toBe('3.1.0');
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    expect(result.warnings).toEqual([]);
  });

  it('lists exactly the routes of the route table', () => {
    expect(operations.map((o) => o.key).sort()).toEqual(routes.map((r) => r.key).sort());
  });

  it('lists a route added to the table, with its inputs', () => {
    const extra: RouteSpec = { key: 'DELETE /things/{thingId}', group: 'admin', guard: 'jwt', roles: ['admin'], summary: 'Remove a thing' };

    const doc = openApiDocument([...routes, extra]);

    expect(doc.paths['/things/{thingId}']?.delete).toMatchObject({
      operationId: 'deleteThingsThingid',
      'x-roles': ['admin'],
      parameters: [{ name: 'thingId', in: 'path', required: true }],
      responses: { '404': { $ref: '#/components/responses/NotFound' }, '409': { $ref: '#/components/responses/Conflict' } },
    });
  });

  it('gives every operation its roles, its guard and the matching security requirement', () => {
    for (const route of routes) {
      const op = opOf(route.key);
      expect(op['x-roles'], route.key).toEqual([...route.roles]);
      expect(op['x-guard'], route.key).toBe(route.guard);
      expect(op.security, route.key).toEqual(route.guard === 'jwt' ? [{ staffJwt: [] }] : route.guard === 'callbackToken' ? [{ callbackToken: [] }] : []);
      expect(op.operationId).toBe(operationId(route.key));
    }
    expect(opOf('GET /openapi.json').security).toEqual([]);
    expect(opOf('POST /assignments/approval')['x-roles']).toEqual(['districtManager']);
  });

  it('documents the body, the query and the answer of every route, and the error shape', () => {
    for (const route of routes) {
      const op = opOf(route.key);
      expect(route.response, `${route.key} has no response schema`).toBeDefined();
      expect(Object.keys(op.responses)[0], route.key).toBe(String(route.status ?? 200));
      expect(op.requestBody !== undefined, route.key).toBe(route.body !== undefined);
      const statuses = Object.keys(op.responses);
      if (route.guard === 'jwt') expect(statuses, route.key).toEqual(expect.arrayContaining(['401', '403']));
      if (route.key.includes('{')) expect(statuses, route.key).toEqual(expect.arrayContaining(['400', '404']));
    }
    expect(opOf('GET /assignments').parameters?.map((p) => [p.name, p.in, p.required])).toEqual([
      ['state', 'query', false],
      ['limit', 'query', false],
      ['next', 'query', false],
    ]);
    expect(opOf('POST /assignments/{id}/review').requestBody?.content['application/json']?.schema).toMatchObject({ oneOf: expect.any(Array) });
    expect(opOf('GET /assignments/{id}/letter').responses['200']).toMatchObject({ content: { 'text/html': { schema: { type: 'string' } } } });
    expect(Object.keys(opOf('GET /assignments/{id}/letter').responses)).toContain('409');
    expect(document.components.schemas).toMatchObject({ Error: { properties: { error: { required: ['code', 'message'] } } } });
  });

  it("documents the managers' view: the public page and assets, the CSV export with its 202, the export's status or a CSV part", () => {
    const content = (key: string, status: string) => Object.keys((opOf(key).responses[status] as { content?: object }).content ?? {});

    expect(opOf('GET /team/dashboard')).toMatchObject({ security: [], 'x-guard': 'public' });
    expect(Object.keys(opOf('GET /team/dashboard').responses)).toEqual(['200']);
    expect(content('GET /team/dashboard', '200')).toEqual(['text/html']);
    expect(content('GET /team/dashboard/assets/{name}', '200')).toEqual(['text/javascript', 'text/css']);
    expect(content('GET /assignments/export', '200')).toEqual(['text/csv']);
    expect(content('GET /assignments/export', '202')).toEqual(['application/json']);
    expect(opOf('GET /assignments/export').responses['202']).toMatchObject({
      content: { 'application/json': { schema: { properties: { exportId: { type: 'string' }, poll: { type: 'string' } } } } },
    });
    expect(content('GET /assignments/exports/{id}', '200')).toEqual(['application/json', 'text/csv']);
    expect(opOf('GET /team/alerts').parameters?.map((p) => [p.name, p.in, p.required])).toEqual([
      ['limit', 'query', false],
      ['next', 'query', false],
    ]);
    expect(opOf('GET /team/metrics').responses['200']).toMatchObject({
      content: {
        'application/json': {
          schema: { properties: { totals: { properties: { healthTests: { type: 'integer' }, issuedLife: { type: 'integer' }, replyRate: {} } } } },
        },
      },
    });
  });

  it("documents the programme's end and the invitation to call with (issue 10)", () => {
    const schema = (key: string, status = '200') =>
      (opOf(key).responses[status] as { content: Record<string, { schema: { properties: Record<string, unknown> } }> }).content['application/json']!.schema;

    expect(schema('GET /customers/{id}').properties).toHaveProperty('programmeEnded');
    expect(schema('POST /visits/{id}/completion').properties).toHaveProperty('programmeEnded');
    expect(schema('POST /visits/{id}/attempts').properties).toMatchObject({ reason: { enum: expect.arrayContaining(['policyService', 'healthTest']) } });
    expect(opOf('POST /visits/{id}/completion').requestBody?.content['application/json']?.schema).toMatchObject({
      properties: { services: { items: { enum: expect.arrayContaining(['policyService', 'healthCareCard']) } } },
    });
  });

  it('keeps documented answers open to added fields, as the contract allows', () => {
    const customer = opOf('GET /customers/{id}').responses['200'] as { content: Record<string, { schema: Record<string, unknown> }> };

    const schema = customer.content['application/json']!.schema;

    expect(schema.additionalProperties).toBeUndefined();
    expect(schema).toMatchObject({ properties: { optedOut: { type: 'boolean' } } });
  });
});

describe('GET /openapi.json', () => {
  it('answers the document without a token', async () => {
    const handler = createPublicHandler({ logger: createLogger({ logLevel: 'SILENT' }) });

    const res = await callRoute(handler, 'GET /openapi.json');

    expect(res.status).toBe(200);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(document)));
  });
});

describe('undocumentedAnswer', () => {
  it('accepts an answer its route documents, under any of its media types and statuses', () => {
    expect(undocumentedAnswer('GET /team/alerts', 200, 'application/json; charset=utf-8', '{"items":[]}')).toBeUndefined();
    expect(undocumentedAnswer('GET /assignments/export', 200, 'text/csv; charset=utf-8', '\ufeffa,b\r\n')).toBeUndefined();
    expect(undocumentedAnswer('GET /assignments/export', 202, 'application/json', '{"exportId":"x","status":"pending","poll":"/p"}')).toBeUndefined();
    expect(undocumentedAnswer('GET /assignments/{id}/letter', 409, 'application/json', '{"error":{}}')).toBeUndefined();
  });

  it('names the route whose answer has a status, a media type or a shape it does not document', () => {
    expect(undocumentedAnswer('GET /team/alerts', 201, 'application/json', '{"items":[]}')).toMatch(/^GET \/team\/alerts answered 201 application\/json/);
    expect(undocumentedAnswer('GET /assignments/export', 200, 'application/json', '{}')).toMatch(/documents 200 text\/csv, 202 application\/json/);
    expect(undocumentedAnswer('GET /team/alerts', 200, 'application/json', '{"items":[{"kind":"other"}]}')).toMatch(/does not match its documented schema/);
  });
});

describe('response schemas', () => {
  it('describe what the use cases answer (checked by tsc)', () => {
    type Answers = {
      'PUT /admin/staff': typeof upsertStaff;
      'PUT /admin/customers': typeof upsertCustomers;
      'GET /assignments': typeof listAssignments;
      'GET /assignments/{id}/candidates': typeof listCandidates;
      'POST /assignments/{id}/proposal': typeof proposeAssignment;
      'POST /assignments/{id}/review': typeof reviewAssignment;
      'POST /assignments/approval': typeof approveAssignments;
      'POST /assignments/escalation': typeof escalateAssignments;
      'GET /assignments/{id}/letter': typeof recommendationLetter;
      'GET /me/customers': typeof myCustomers;
      'GET /customers/{id}': typeof getCustomer;
      'GET /team/metrics': typeof teamMetrics;
      'GET /team/alerts': typeof teamAlerts;
      'GET /sms/unmatched': typeof unmatchedReplies;
      'POST /visits/{id}/attempts': typeof recordAttempt;
      'POST /visits/{id}/completion': typeof completeVisit;
      'POST /visits/{id}/closure': typeof closeVisit;
      'GET /openapi.json': typeof openApiDocument;
      'POST /sms/replies/tencent': typeof receiveTencentReply;
      'POST /sms/status/tencent': typeof receiveTencentStatus;
      'GET /customers/{id}/history': typeof customerHistory;
      'GET /customers/{id}/referrals': typeof referralTree;
      'GET /experiences': typeof experienceMatrix;
      'POST /customers/{id}/assessment': typeof assessCustomer;
      'POST /customers/{id}/experiences': typeof giveExperience;
      'POST /customers/{id}/referrals': typeof addReferral;
      'POST /assignments/proposals': typeof proposeAssignments;
      'POST /assignments/reviews': typeof reviewAssignments;
      'POST /assignments/proposals/auto': typeof autoPropose;
      'GET /admin/jobs/{id}': typeof getJob;
    };
    // Routes whose handler shapes the answer (a page, a file, a CSV or its status): each answer is
    // checked against its schema whenever a test calls the route (test/support/http.ts callRoute).
    type ShapedByHandler =
      | 'POST /admin/staff/{id}/departure'
      | 'GET /team/dashboard'
      | 'GET /team/dashboard/assets/{name}'
      | 'GET /assignments/export'
      | 'GET /assignments/exports/{id}';
    // A route's schema: its entry in ROUTE_ANSWERS (functions/http/route-answers.ts), else its own `response`.
    type ResponseOf<K extends RouteKey> = K extends keyof typeof ROUTE_ANSWERS
      ? (typeof ROUTE_ANSWERS)[K]['response']
      : Extract<(typeof ROUTES)[number], { key: K; response: unknown }>['response'];
    type Documented<K extends RouteKey> = z.output<NonNullable<ResponseOf<K>>>;
    type Answer<K extends keyof Answers> = Awaited<ReturnType<Answers[K]>>;
    // Every route whose answer does not fit its schema shows up here by name, and so does a route listed nowhere.
    type Misfits = {
      [K in RouteKey]: K extends keyof Answers ? (Answer<K> extends Documented<K> ? never : K) : K extends ShapedByHandler ? never : K;
    }[RouteKey];
    // The export's status is the use case's own `status`.
    type ExportStatus = Extract<Awaited<ReturnType<typeof fetchAssignmentExport>>, { status: unknown }>['status'];

    expectTypeOf<Misfits>().toEqualTypeOf<never>();
    expectTypeOf<ExportStatus>().toExtend<z.output<typeof ExportStatusResponse>>();
  });
});
