import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FreeList, FreeListError } from '../src/index.js';

const FreeListSuite = suite('FreeList');

FreeListSuite('alloc() creates when empty, passing its arguments to create', () => {
  let made = 0;
  const list = new FreeList('things', 2, (label: string) => ({ label, n: ++made }));
  const a = list.alloc('a');
  const b = list.alloc('b');
  assert.equal(a, { label: 'a', n: 1 });
  assert.equal(b, { label: 'b', n: 2 });
  assert.is(list.hasItems(), false);
  assert.is(list.name, 'things');
  assert.is(list.max, 2);
});

FreeListSuite('free() keeps up to max, then returns false', () => {
  const list = new FreeList('things', 2, () => ({}));
  const items = [list.alloc(), list.alloc(), list.alloc()];
  assert.equal(items.map((i) => list.free(i)), [true, true, false]);
  assert.is(list.size, 2);
  assert.is(list.hasItems(), true);
});

FreeListSuite('alloc() reuses the most recently freed object (LIFO) before creating', () => {
  let made = 0;
  const list = new FreeList('things', 10, () => ({ n: ++made }));
  const [a, b] = [list.alloc(), list.alloc()];
  list.free(a);
  list.free(b);
  assert.is(list.alloc(), b);
  assert.is(list.alloc(), a);
  assert.equal(list.alloc(), { n: 3 });
  assert.is(list.size, 0);
});

FreeListSuite('max 0 never keeps; max Infinity always keeps', () => {
  const none = new FreeList('none', 0, () => ({}));
  assert.is(none.free(none.alloc()), false);
  assert.is(none.hasItems(), false);
  const all = new FreeList('all', Infinity, () => ({}));
  for (let i = 0; i < 100; i++) assert.is(all.free({}), true);
  assert.is(all.size, 100);
});

// name, max, create → expected code and built-in type, as Node's validators would throw.
const badArgs: Array<[label: string, args: unknown[], code: string, type: ErrorConstructor]> = [
  ['name not a string', [1, 1, () => 0], 'ERR_INVALID_ARG_TYPE', TypeError],
  ['max not a number', ['x', '1', () => 0], 'ERR_INVALID_ARG_TYPE', TypeError],
  ['max negative', ['x', -1, () => 0], 'ERR_OUT_OF_RANGE', RangeError],
  ['max fractional', ['x', 1.5, () => 0], 'ERR_OUT_OF_RANGE', RangeError],
  ['max NaN', ['x', NaN, () => 0], 'ERR_OUT_OF_RANGE', RangeError],
  ['create not a function', ['x', 1, {}], 'ERR_INVALID_ARG_TYPE', TypeError],
];

for (const [label, args, code, type] of badArgs) {
  FreeListSuite(`constructor throws on ${label}`, () => {
    try {
      new FreeList(...(args as [string, number, () => unknown]));
      assert.unreachable(`${label}: should have thrown`);
    } catch (err) {
      assert.instance(err, FreeListError, label);
      assert.instance(err, type, label);
      assert.is((err as FreeListError).code, code, label);
      assert.is((err as Error).name, type.name, label);
    }
  });
}

FreeListSuite.run();
