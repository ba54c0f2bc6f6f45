/**
 * Configuration from environment variables, validated at start-up. A missing or malformed
 * variable stops the process with a message naming it, before anything connects.
 */

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

type Parser<T> = (raw: string) => T;

export interface Variable<T> {
  readonly parse: Parser<T>;
  readonly fallback?: T;
  readonly description: string;
}

function variable<T>(parse: Parser<T>, description: string, fallback?: T): Variable<T> {
  return { parse, description, fallback };
}

export const env = {
  string: (description: string, fallback?: string): Variable<string> =>
    variable(
      (raw) => {
        if (raw.trim() === '') throw new Error('must not be empty');
        return raw;
      },
      description,
      fallback,
    ),

  port: (description: string, fallback?: number): Variable<number> =>
    variable(
      (raw) => {
        const port = Number(raw);
        if (!/^\d+$/.test(raw) || port < 1 || port > 65535) throw new Error('must be a port number 1-65535');
        return port;
      },
      description,
      fallback,
    ),

  positiveInt: (description: string, fallback?: number): Variable<number> =>
    variable(
      (raw) => {
        const value = Number(raw);
        if (!/^\d+$/.test(raw) || value < 1 || !Number.isSafeInteger(value))
          throw new Error('must be a positive integer');
        return value;
      },
      description,
      fallback,
    ),

  postgresUrl: (description: string, fallback?: string): Variable<string> =>
    variable(
      (raw) => {
        const url = new URL(raw);
        if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:')
          throw new Error('must be a postgresql:// URL');
        if (url.pathname.length <= 1) throw new Error('must name a database');
        return raw;
      },
      description,
      fallback,
    ),

  /** Comma-separated host:port list. */
  brokers: (description: string, fallback?: string[]): Variable<string[]> =>
    variable(
      (raw) => {
        const brokers = raw.split(',').map((entry) => entry.trim());
        for (const broker of brokers) {
          if (!/^[\w.-]+:\d+$/.test(broker)) throw new Error(`"${broker}" is not host:port`);
        }
        return brokers;
      },
      description,
      fallback,
    ),

  oneOf: <T extends string>(values: readonly T[], description: string, fallback?: T): Variable<T> =>
    variable(
      (raw) => {
        if (!values.includes(raw as T)) throw new Error(`must be one of ${values.join(', ')}`);
        return raw as T;
      },
      description,
      fallback,
    ),

  bool: (description: string, fallback?: boolean): Variable<boolean> =>
    variable(
      (raw) => {
        if (raw === 'true' || raw === '1') return true;
        if (raw === 'false' || raw === '0') return false;
        throw new Error('must be true or false');
      },
      description,
      fallback,
    ),
};

export type ConfigOf<S extends Record<string, Variable<unknown>>> = {
  readonly [K in keyof S]: S[K] extends Variable<infer T> ? T : never;
};

/** Reads every variable of the schema; collects all problems before failing, so one run names them all. */
export function readConfig<S extends Record<string, Variable<unknown>>>(
  schema: S,
  source: Readonly<Record<string, string | undefined>>,
): ConfigOf<S> {
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(schema)) {
    const raw = source[name];
    if (raw === undefined || raw === '') {
      if (spec.fallback === undefined) problems.push(`${name} is required (${spec.description})`);
      else config[name] = spec.fallback;
      continue;
    }
    try {
      config[name] = spec.parse(raw);
    } catch (error) {
      problems.push(`${name}=${JSON.stringify(raw)} ${(error as Error).message} (${spec.description})`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config as ConfigOf<S>;
}

/** readConfig for a service's main: on a problem, prints every problem and exits with status 1. */
export function readConfigOrExit<S extends Record<string, Variable<unknown>>>(service: string, schema: S): ConfigOf<S> {
  try {
    return readConfig(schema, process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${service}: ${error.message}\n`);
    process.exit(1);
  }
}
