import { advanceTestClock, createTestClock, deleteTestClock } from '../engine/test-clocks.js';
import { must } from '../engine/util.js';
import { paginate } from '../http/list.js';
import type { Route } from '../http/router.js';
import { int, PAGINATION, str } from '../http/schema.js';
import { valuesOf } from '../state.js';

/** /v1/test_helpers/test_clocks */
export const testClockRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v1/test_helpers/test_clocks',
    parameters: { frozen_time: int({ required: true }), name: str() },
    handler: ({ engine, params }) => {
      const frozen = params.int('frozen_time')!;
      return createTestClock(engine, { frozen_time: frozen, name: params.str('name') });
    },
  },
  {
    method: 'GET',
    path: '/v1/test_helpers/test_clocks/:id',
    parameters: {},
    handler: ({ engine, ids }) =>
      must(engine.state.testClocks, ids[0]!, 'test_helpers.test_clock', 'test_clock'),
  },
  {
    method: 'POST',
    path: '/v1/test_helpers/test_clocks/:id/advance',
    parameters: { frozen_time: int({ required: true }) },
    handler: ({ engine, ids, params }) => {
      const frozen = params.int('frozen_time')!;
      return advanceTestClock(engine, ids[0]!, frozen);
    },
  },
  {
    method: 'DELETE',
    path: '/v1/test_helpers/test_clocks/:id',
    parameters: {},
    handler: ({ engine, ids }) => deleteTestClock(engine, ids[0]!),
  },
  {
    method: 'GET',
    path: '/v1/test_helpers/test_clocks',
    parameters: PAGINATION,
    handler: ({ engine, params }) =>
      paginate(valuesOf(engine.state.testClocks), params, '/v1/test_helpers/test_clocks'),
  },
];
