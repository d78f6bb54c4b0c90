import { describe, expect, it } from 'vitest';
import * as z from '../../lib/domain/zod.js';
import { ROUTES, type RouteSpec } from '../../functions/http/routes.js';
import { ROUTE_MODELS } from '../support/route-models.js';

// The security matrix and the fuzz are generated from the route table and these models: a route
// without a model, or a model whose valid request its own schemas refuse, fails here first.

describe('route models', () => {
  it.each((ROUTES as readonly RouteSpec[]).map((r) => [r.key, r] as const))('has a model of %s', (key, route) => {
    const model = ROUTE_MODELS[key];
    expect(model, `add ${key} to ROUTE_MODELS in test/support/route-models.ts`).toBeDefined();
    const params = [...key.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    expect(Object.keys(model?.params ?? {}).sort()).toEqual(params.sort());
    if (route.body) expect(z.safeParse(route.body, model?.body).success, `the model's body of ${key}`).toBe(true);
    if (route.query) expect(z.safeParse(route.query, Object.fromEntries(new URLSearchParams(model?.query ?? ''))).success).toBe(true);
  });

  it('models no route the table does not have', () => {
    const keys = new Set(ROUTES.map((r) => r.key as string));
    expect(Object.keys(ROUTE_MODELS).filter((k) => !keys.has(k))).toEqual([]);
  });
});
