// The cross-runtime smoke test in Node (tools/runtimes.mjs runs it in Deno and workerd).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { smoke } from './smoke.mjs';

test('smoke through the node entry', async () => {
  assert.match(await smoke(await import('binnacle')), /^smoke ok/);
});

