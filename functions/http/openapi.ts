import * as z from '../../lib/domain/zod.js';
import { ErrorResponse } from '../../lib/domain/responses.js';
import { withAnswers } from './route-answers.js';
import { ROUTES, type MediaType, type RouteSpec } from './routes.js';

// The OpenAPI 3.1 document of the HTTP API, generated from the route table and its zod schemas
// (zod 4's JSON Schema output), so the published description cannot drift from what the API
// parses and answers. Served by `GET /openapi.json`; test/unit/openapi.test.ts validates it.

/** The version of the contract the document describes (ARCHITECTURE.md: v1 plus the v1.1 additions). */
export const API_VERSION = '1.1.0';

/** A JSON Schema (2020-12, as OpenAPI 3.1 uses it). */
type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; required?: string[]; description?: string };
type Parameter = { name: string; in: 'path' | 'query'; required: boolean; schema: Schema; description?: string };
/** One operation of the document, with foster's extensions `x-guard` and `x-roles`. */
export interface OpenApiOperation {
  operationId: string;
  summary: string;
  tags: string[];
  security: Record<string, string[]>[];
  'x-guard': string;
  'x-roles': string[];
  parameters?: Parameter[];
  requestBody?: { required: true; content: Record<string, { schema: Schema }> };
  responses: Record<string, unknown>;
}
/** The parts of an OpenAPI 3.1 document foster writes. */
export type OpenApiDocument = {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: Record<string, Record<string, unknown>>;
};
const ERRORS = {
  400: ['BadRequest', 'Bad input: the message starts with the failing field; nothing was written'],
  401: ['Unauthorized', 'No valid staff token'],
  403: ['Forbidden', "The caller's role may not call this route, or the resource is outside their scope"],
  404: ['NotFound', 'No such resource'],
  409: ['Conflict', 'A state or rule conflict (wrong state, monthly cap reached, ...); the message says which'],
} as const;

/**
 * JSON Schema of a zod schema: what a client sends (`input`: defaults optional, coercions as
 * their input) or what it gets (`output`). Objects in answers stay open: the contract adds fields.
 */
function jsonSchema(schema: z.core.$ZodType, io: 'input' | 'output'): Schema {
  const out = z.toJSONSchema(schema, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
    override: ({ jsonSchema: js }) => {
      if (io === 'output' && js.additionalProperties === false) delete js.additionalProperties;
    },
  }) as Schema;
  delete out.$schema;
  return hoistDefinitions(out);
}

/** Shared definitions (a recursive schema's `$defs`) of the document being built, by component name. */
let definitions = new Map<string, unknown>();

/**
 * Moves a schema's `$defs` (zod writes them for a recursive schema) to `components.schemas`, where
 * a reference in an OpenAPI document can reach them, and points its `$ref`s there; the same
 * definition gets the same name.
 */
function hoistDefinitions(schema: Schema): Schema {
  const defs = (schema as { $defs?: Record<string, unknown> }).$defs;
  if (!defs) return schema;
  delete (schema as { $defs?: unknown }).$defs;
  const renamed = new Map<string, string>();
  for (const [name, def] of Object.entries(defs)) {
    const text = JSON.stringify(def);
    const known = [...definitions].find(([, d]) => JSON.stringify(d) === text)?.[0];
    renamed.set(name, known ?? `Shared${definitions.size + 1}`);
    if (!known) definitions.set(renamed.get(name)!, def);
  }
  const repoint = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(repoint);
    if (!node || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => [
        k,
        k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/') ? `#/components/schemas/${renamed.get(v.slice(8)) ?? v.slice(8)}` : repoint(v),
      ]),
    );
  };
  for (const name of renamed.values()) definitions.set(name, repoint(definitions.get(name)));
  return repoint(schema) as Schema;
}

/** 'POST /assignments/{id}/proposal' -> 'postAssignmentsIdProposal' */
export function operationId(key: string): string {
  const words = key
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
}

function parameters(route: RouteSpec, path: string): Parameter[] {
  const inPath: Parameter[] = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name: name!,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  if (!route.query) return inPath;
  const query = jsonSchema(route.query, 'input');
  const required = new Set(query.required ?? []);
  const inQuery = Object.entries(query.properties ?? {}).map(([name, schema]): Parameter => {
    const { description, ...rest } = schema;
    return { name, in: 'query', required: required.has(name), schema: rest, ...(description ? { description } : {}) };
  });
  return [...inPath, ...inQuery];
}

function errorCodes(route: RouteSpec, method: string, hasParams: boolean): (keyof typeof ERRORS)[] {
  const codes: (keyof typeof ERRORS)[] = [];
  if (route.body || route.query || hasParams) codes.push(400);
  if (route.guard !== 'public') codes.push(401, 403);
  if (hasParams) codes.push(404);
  if (route.conflicts ?? method !== 'get') codes.push(409);
  return codes;
}

/** A success a route may answer: its status, media type, schema and, beside the main one, when it comes. */
export interface Success {
  status: number;
  produces: MediaType;
  response?: z.core.$ZodType;
  when?: string;
}

/** Every success of a route: the main one first, then its `otherAnswers`. */
export function successes(spec: RouteSpec): Success[] {
  const route = withAnswers(spec);
  const status = route.status ?? 200;
  return [
    { status, produces: route.produces ?? 'application/json', ...(route.response ? { response: route.response } : {}) },
    ...(route.otherAnswers ?? []).map((o) => ({ status: o.status ?? status, produces: o.produces ?? 'application/json', response: o.response, when: o.when })),
  ];
}

/** The success responses of an operation, by status, each with the content of every media type it may take. */
function successResponses(route: RouteSpec): Record<string, unknown> {
  const out: Record<string, { description: string; content?: Record<string, { schema: Schema }> }> = {};
  for (const s of successes(route)) {
    const key = String(s.status);
    const entry = out[key];
    if (!entry) out[key] = { description: s.when ? `Success, ${s.when}` : 'Success' };
    else if (s.when) entry.description += `; ${s.produces} ${s.when}`;
    if (s.response) out[key]!.content = { ...out[key]!.content, [s.produces]: { schema: jsonSchema(s.response, 'output') } };
  }
  return out;
}

function operation(route: RouteSpec, method: string, path: string): OpenApiOperation {
  const params = parameters(route, path);
  const hasParams = params.some((p) => p.in === 'path');
  const security = route.guard === 'jwt' ? [{ staffJwt: [] }] : route.guard === 'callbackToken' ? [{ callbackToken: [] }] : [];
  return {
    operationId: operationId(route.key),
    summary: route.summary,
    tags: [route.group],
    security,
    'x-guard': route.guard,
    'x-roles': [...route.roles],
    ...(params.length ? { parameters: params } : {}),
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } } } : {}),
    responses: {
      ...successResponses(route),
      ...Object.fromEntries(errorCodes(route, method, hasParams).map((code) => [String(code), { $ref: `#/components/responses/${ERRORS[code][0]}` }])),
    },
  };
}

/**
 * The OpenAPI 3.1 document of `routes` (the whole route table unless given).
 *
 * @example
 * const doc = openApiDocument();
 * doc.paths['/customers/{id}'].get['x-roles']; // ['agent', 'supervisor', ...]
 */
export function openApiDocument(routes: readonly RouteSpec[] = ROUTES): OpenApiDocument {
  definitions = new Map();
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    const [method, path] = route.key.split(' ') as [string, string];
    const lower = method.toLowerCase();
    paths[path] = { ...paths[path], [lower]: operation(route, lower, path) };
  }
  const errorSchema = jsonSchema(ErrorResponse, 'output');
  return {
    openapi: '3.1.0',
    info: {
      title: 'foster HTTP API',
      version: API_VERSION,
      description:
        'Orphan-policy programme: departures, the supervisor -> department manager -> district manager chain, visits, ratings. ' +
        'Paths and fields are a contract: fields may be added, none renamed or removed, so clients ignore fields they do not know. ' +
        'Each operation lists the roles that may call it in `x-roles`; scope (own customers, team, department, district) is checked on top.',
    },
    paths,
    components: {
      securitySchemes: {
        staffJwt: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A staff token (Cognito user pool; locally POST /_local/token). Claims: sub (or custom:staffId) and role (or custom:role).',
        },
        callbackToken: { type: 'apiKey', in: 'query', name: 'token', description: "An SMS provider's callback secret" },
      },
      schemas: { Error: errorSchema, ...Object.fromEntries(definitions) },
      responses: Object.fromEntries(
        Object.values(ERRORS).map(([name, description]) => [
          name,
          { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        ]),
      ),
    },
  };
}
