/** Command-line helpers shared by the parser and the server benchmarks. */

/** Each flag of `argv` with a function that takes its value (`--flag value` and `--flag=value` alike). */
export function* flags(argv: readonly string[]): Generator<[flag: string, value: () => string | undefined]> {
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes('=') ? argv[i].split(/=(.*)/s, 2) : [argv[i], undefined];
    yield [flag, () => inline ?? argv[++i]];
  }
}

/** `v` as a positive number, or an error naming the flag. */
export function positiveNumber(name: string, v: string | undefined): number {
  const n = Number(v);
  if (v === undefined || !Number.isFinite(n) || n <= 0) throw new Error(`${name} needs a positive number`);
  return n;
}
