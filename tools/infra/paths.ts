import { join, resolve } from 'node:path';

/** The repository root, from dist/tools/infra where this module runs compiled. */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

const KAFKA_CACHE = join(REPO_ROOT, '.cache', 'kafka');

/**
 * Two local brokers can run side by side: 'dev' (what `npm start` uses) and 'test' (what `npm test`
 * and the benchmarks use, chosen with KAFKA_LOCAL_INSTANCE=test), so a test run never replays its
 * events into the demo exchange's database or wipes the demo's data.
 */
export const LOCAL_INSTANCE =
  process.env.KAFKA_LOCAL_INSTANCE === 'test'
    ? { name: 'test', port: 29092, controllerPort: 29093 }
    : { name: 'dev', port: 19092, controllerPort: 19093 };

const suffix = LOCAL_INSTANCE.name === 'dev' ? '' : `-${LOCAL_INSTANCE.name}`;

export const KAFKA_PATHS = {
  pom: join(REPO_ROOT, 'infra', 'kafka', 'pom.xml'),
  libs: join(KAFKA_CACHE, 'libs'),
  data: join(KAFKA_CACHE, `data${suffix}`),
  config: join(KAFKA_CACHE, `config${suffix}`),
  log: join(KAFKA_CACHE, `broker${suffix}.log`),
  pidFile: join(REPO_ROOT, '.run', `kafka${suffix}.pid`),
};

/** Repository-relative form for messages a person reads. */
export const relative = (path: string): string => path.replace(`${REPO_ROOT}/`, '');
