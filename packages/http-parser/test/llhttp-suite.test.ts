// llhttp's own conformance cases (../shared/llhttp-suite), replayed through
// llhttp-adapter.ts at every chunk size, the harness's default.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as adapter from './llhttp-adapter.js';

const dir = fileURLToPath(new URL('../../../../shared/llhttp-suite/', import.meta.url));
const harness = await import(`${dir}harness.mjs`);
const cases = JSON.parse(readFileSync(`${dir}cases.json`, 'utf8')) as Array<{ id: string; name: string; type: string; skip: boolean }>;

const llhttp = suite('llhttp conformance cases, every chunk size');

for (const testCase of cases) {
  if (testCase.skip || testCase.type === 'url') continue;
  llhttp(`${testCase.id} ${testCase.name}`, () => {
    const result = harness.runCase(testCase, adapter);
    if (!result.ok) {
      const f = result.failures[0];
      assert.unreachable(f.exception ?? `chunk size ${f.scan}, line ${f.line + 1}:\n  expected ${f.expected}\n  actual   ${f.actual}`);
    }
  });
}

llhttp('the suite is all there', () => {
  assert.ok(cases.length >= 200, `only ${cases.length} cases found`);
});

llhttp.run();
