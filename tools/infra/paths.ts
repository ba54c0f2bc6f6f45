import { join, resolve } from 'node:path';

/** The repository root, from dist/tools/infra where this module runs compiled. */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

const KAFKA_CACHE = join(REPO_ROOT, '.cache', 'kafka');

export const KAFKA_PATHS = {
  pom: join(REPO_ROOT, 'infra', 'kafka', 'pom.xml'),
  libs: join(KAFKA_CACHE, 'libs'),
  data: join(KAFKA_CACHE, 'data'),
  config: join(KAFKA_CACHE, 'config'),
  log: join(KAFKA_CACHE, 'broker.log'),
  pidFile: join(REPO_ROOT, '.run', 'kafka.pid'),
};

/** Repository-relative form for messages a person reads. */
export const relative = (path: string): string => path.replace(`${REPO_ROOT}/`, '');
