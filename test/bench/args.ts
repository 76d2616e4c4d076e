// The small benches' command line: `--name value` pairs (the load bench has its own parser, options.ts).

/** The number after `--name`, or `fallback` when it is absent. */
export function numberArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** The text after `--name`, or null when it is absent. */
export function textArg(name: string): string | null {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? null) : null;
}
