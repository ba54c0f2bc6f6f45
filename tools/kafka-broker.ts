/**
 * Kafka for development, tests and CI without Docker.
 *
 *   node dist/tools/kafka-broker.js up [--fresh]   start (or reuse) a broker, create all topics
 *   node dist/tools/kafka-broker.js down           stop the broker this tool started
 *   node dist/tools/kafka-broker.js status         exit 0 when a broker answers, 1 otherwise
 *   node dist/tools/kafka-broker.js topics         create missing topics only
 *
 * With KAFKA_BROKERS set, that cluster is used as it is and only topics are created. Otherwise a
 * broker answering on 127.0.0.1:19092 (e.g. docker compose) is reused, or a local one is started
 * from the Maven jars (see tools/infra/local-kafka.ts). --fresh wipes the local broker's data first.
 * KAFKA_LOCAL_INSTANCE=test selects the separate test broker on 127.0.0.1:29092.
 */
import { KAFKA, readConfig } from '@exchange/config';
import { ALL_TOPICS, type TopicSpec } from '@exchange/contracts';
import { createKafkaBus, type MessageBus } from '@exchange/kafka';
import { createLogger } from '@exchange/observability';
import { rmSync } from 'node:fs';
import {
  BROKER_MAIN_CLASS,
  brokerLogExcerpt,
  checkPrerequisites,
  fetchJars,
  formatStorage,
  LOCAL_HOST,
  LOCAL_PORT,
  startBrokerProcess,
  writeConfig,
} from './infra/local-kafka';
import { KAFKA_PATHS, LOCAL_INSTANCE, relative } from './infra/paths';
import { isAlive, isJavaProcess, portAnswers, readPid, removePid, sleep, terminate } from './infra/processes';

// TopicSpec<T> is invariant in T (its functions both take and return T), so a list of specific
// specs needs this cast to be passed where any spec is accepted.
const EXCHANGE_TOPICS = ALL_TOPICS as readonly TopicSpec<unknown>[];
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 20_000;

export type Progress = (line: string) => void;

export interface EnsureBrokerOptions {
  /** Wipe the local broker's data first (a clean broker for tests); ignored with KAFKA_BROKERS. */
  readonly fresh?: boolean;
  readonly progress?: Progress;
}

/** The cluster to use: KAFKA_BROKERS when set, else the local broker. */
export function configuredBrokers(): { readonly brokers: readonly string[]; readonly external: boolean } {
  if (!process.env.KAFKA_BROKERS) return { brokers: [`${LOCAL_HOST}:${LOCAL_PORT}`], external: false };
  const { KAFKA_BROKERS } = readConfig({ KAFKA_BROKERS: KAFKA.KAFKA_BROKERS }, process.env);
  return { brokers: KAFKA_BROKERS, external: true };
}

function toolBus(brokers: readonly string[]): MessageBus {
  const logger = createLogger('kafka-broker', 'warn', {}, (line) => process.stderr.write(`${line}\n`));
  return createKafkaBus({ brokers, clientId: 'kafka-broker-tool', logger });
}

/** The pid of the broker this tool started, if it still runs. */
function runningLocalBroker(): number | null {
  const pid = readPid(KAFKA_PATHS.pidFile);
  if (pid !== null && isJavaProcess(pid, BROKER_MAIN_CLASS)) return pid;
  removePid(KAFKA_PATHS.pidFile); // stale
  return null;
}

/** Makes sure a broker answers and every topic of the exchange exists; returns the bootstrap servers. */
export async function ensureBroker(options: EnsureBrokerOptions = {}): Promise<readonly string[]> {
  const progress = options.progress ?? console.log;
  const { brokers, external } = configuredBrokers();
  const bus = toolBus(brokers);
  try {
    if (external) {
      if (options.fresh) progress('kafka: --fresh ignored: KAFKA_BROKERS names an external cluster');
      progress(`kafka: using KAFKA_BROKERS=${brokers.join(',')}`);
      if (!(await bus.ping())) throw new Error(`no Kafka broker answers at KAFKA_BROKERS=${brokers.join(',')}`);
    } else {
      if (options.fresh) await wipeLocalBroker(progress);
      await ensureLocalBroker(bus, progress);
    }
    await bus.ensureTopics(EXCHANGE_TOPICS);
    progress(`kafka: ${EXCHANGE_TOPICS.length} topics ready`);
    return brokers;
  } finally {
    await bus.close();
  }
}

async function ensureLocalBroker(bus: MessageBus, progress: Progress): Promise<void> {
  let pid = runningLocalBroker();
  if (pid === null && (await portAnswers(LOCAL_HOST, LOCAL_PORT))) {
    progress(`kafka: reusing the broker that answers on ${LOCAL_HOST}:${LOCAL_PORT}`);
    if (!(await bus.ping())) throw new Error(`${LOCAL_HOST}:${LOCAL_PORT} accepts connections but is not Kafka`);
    return;
  }
  if (pid === null) {
    checkPrerequisites();
    fetchJars(progress);
    writeConfig();
    formatStorage(progress);
    pid = startBrokerProcess();
    progress(`kafka: starting broker (pid ${pid}, log ${relative(KAFKA_PATHS.log)})`);
  } else {
    progress(`kafka: broker already running (pid ${pid})`);
  }
  await waitUntilReady(bus, pid, progress);
}

async function waitUntilReady(bus: MessageBus, pid: number, progress: Progress): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (!isAlive(pid)) {
      removePid(KAFKA_PATHS.pidFile);
      throw new Error(
        `the Kafka broker exited during start-up; ${relative(KAFKA_PATHS.log)} says:\n${brokerLogExcerpt()}`,
      );
    }
    if ((await portAnswers(LOCAL_HOST, LOCAL_PORT)) && (await bus.ping())) break;
    if (Date.now() - started > READY_TIMEOUT_MS) {
      throw new Error(
        `the Kafka broker (pid ${pid}) did not answer within ${READY_TIMEOUT_MS / 1000} s; ` +
          `${relative(KAFKA_PATHS.log)} says:\n${brokerLogExcerpt()}`,
      );
    }
    await sleep(250);
  }
  progress(`kafka: ready at ${LOCAL_HOST}:${LOCAL_PORT} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function wipeLocalBroker(progress: Progress): Promise<void> {
  if (runningLocalBroker() === null && (await portAnswers(LOCAL_HOST, LOCAL_PORT))) {
    throw new Error(
      `--fresh: a broker this checkout did not start answers on ${LOCAL_HOST}:${LOCAL_PORT}; stop it first ` +
        `(from the checkout that started it: KAFKA_LOCAL_INSTANCE=${LOCAL_INSTANCE.name} npm run kafka -- down)`,
    );
  }
  await stopBroker(progress);
  rmSync(KAFKA_PATHS.data, { recursive: true, force: true });
  progress(`kafka: wiped ${relative(KAFKA_PATHS.data)}`);
}

/** Stops the broker this tool started (SIGTERM, SIGKILL after 20 s); true when one was running. */
export async function stopBroker(progress: Progress = console.log): Promise<boolean> {
  const pid = runningLocalBroker();
  if (pid === null) return false;
  progress(`kafka: stopping broker (pid ${pid})`);
  const outcome = await terminate(pid, STOP_GRACE_MS);
  removePid(KAFKA_PATHS.pidFile);
  progress(outcome === 'exited' ? 'kafka: broker stopped' : 'kafka: broker killed after the grace period');
  return true;
}

/** True when the configured cluster answers a metadata request. */
export async function brokerAnswers(): Promise<boolean> {
  const bus = toolBus(configuredBrokers().brokers);
  try {
    return await bus.ping();
  } finally {
    await bus.close();
  }
}

/** Creates missing topics on the configured cluster. */
export async function ensureTopics(progress: Progress = console.log): Promise<void> {
  const bus = toolBus(configuredBrokers().brokers);
  try {
    await bus.ensureTopics(EXCHANGE_TOPICS);
    progress(`kafka: ${EXCHANGE_TOPICS.length} topics ready`);
  } finally {
    await bus.close();
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...flags] = argv;
  const unknownFlags = flags.filter((flag) => !(command === 'up' && flag === '--fresh'));
  switch (unknownFlags.length > 0 ? 'usage' : command) {
    case 'up':
      await ensureBroker({ fresh: flags.includes('--fresh') });
      return 0;
    case 'down':
      if (!(await stopBroker())) console.log('kafka: no broker started by this tool is running');
      return 0;
    case 'status': {
      const { brokers } = configuredBrokers();
      const answers = await brokerAnswers();
      const pid = runningLocalBroker();
      console.log(
        `kafka: ${answers ? 'answering' : 'not answering'} at ${brokers.join(',')}${pid === null ? '' : ` (local broker pid ${pid})`}`,
      );
      return answers ? 0 : 1;
    }
    case 'topics':
      await ensureTopics();
      return 0;
    default:
      console.error('usage: node dist/tools/kafka-broker.js up [--fresh] | down | status | topics');
      return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`kafka: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
