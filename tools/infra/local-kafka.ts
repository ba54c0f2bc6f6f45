/**
 * A single-node Kafka (KRaft, broker and controller in one JVM) from the Maven Central jars, for
 * machines without Docker. Everything lives under .cache/kafka; the pid under .run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KAFKA_PATHS, LOCAL_INSTANCE, REPO_ROOT, relative } from './paths';
import { commandExists, writePid } from './processes';

export const LOCAL_HOST = '127.0.0.1';
export const LOCAL_PORT = LOCAL_INSTANCE.port;
const CONTROLLER_PORT = LOCAL_INSTANCE.controllerPort;
export const BROKER_MAIN_CLASS = 'kafka.Kafka';

const SERVER_PROPERTIES = join(KAFKA_PATHS.config, 'server.properties');
const LOG4J_PROPERTIES = join(KAFKA_PATHS.config, 'log4j.properties');

const INSTALL_HINT: Record<string, string> = {
  java: 'a Java 17+ runtime (Debian/Ubuntu: apt-get install openjdk-17-jre-headless; macOS: brew install openjdk@17)',
  mvn: 'Maven 3.8+ (Debian/Ubuntu: apt-get install maven; macOS: brew install maven)',
};

const jarsPresent = (): boolean =>
  existsSync(KAFKA_PATHS.libs) && readdirSync(KAFKA_PATHS.libs).some((name) => /^kafka_2\.13-.*\.jar$/.test(name));

/** Names every missing tool at once, with how to install it; Maven only matters before the first fetch. */
export function checkPrerequisites(): void {
  const needed = jarsPresent() ? ['java'] : ['java', 'mvn'];
  const missing = needed.filter((command) => !commandExists(command));
  if (missing.length === 0) return;
  const lines = missing.map((command) => `  ${command}: install ${INSTALL_HINT[command]}`);
  throw new Error(
    `Kafka runs locally from its Maven jars and needs:\n${lines.join('\n')}\n` +
      'Or point KAFKA_BROKERS at a running cluster (e.g. docker compose up -d kafka).',
  );
}

/** Copies the broker jars into .cache/kafka/libs once. */
export function fetchJars(progress: (line: string) => void): void {
  if (jarsPresent()) return;
  progress('kafka: fetching broker jars from Maven Central (once)');
  const build = spawnSync('mvn', ['-q', '-B', '-f', KAFKA_PATHS.pom, 'package'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (build.status !== 0 || !jarsPresent()) {
    throw new Error(`fetching the Kafka jars failed: mvn -q -B -f ${relative(KAFKA_PATHS.pom)} package`);
  }
}

/** Java .properties: one key=value a line, no inline comments. */
const properties = (entries: Record<string, string | number | boolean>): string =>
  `${Object.entries(entries)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')}\n`;

export function writeConfig(): void {
  mkdirSync(KAFKA_PATHS.config, { recursive: true });
  writeFileSync(
    SERVER_PROPERTIES,
    properties({
      'process.roles': 'broker,controller',
      'node.id': 1,
      'controller.quorum.voters': `1@${LOCAL_HOST}:${CONTROLLER_PORT}`,
      listeners: `PLAINTEXT://${LOCAL_HOST}:${LOCAL_PORT},CONTROLLER://${LOCAL_HOST}:${CONTROLLER_PORT}`,
      'advertised.listeners': `PLAINTEXT://${LOCAL_HOST}:${LOCAL_PORT}`,
      'inter.broker.listener.name': 'PLAINTEXT',
      'controller.listener.names': 'CONTROLLER',
      'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      'log.dirs': KAFKA_PATHS.data,
      'num.network.threads': 2,
      'num.io.threads': 4,
      'num.partitions': 1,
      'default.replication.factor': 1,
      'min.insync.replicas': 1,
      'offsets.topic.replication.factor': 1,
      'offsets.topic.num.partitions': 1,
      'transaction.state.log.replication.factor': 1,
      'transaction.state.log.min.isr': 1,
      'group.initial.rebalance.delay.ms': 0,
      'auto.create.topics.enable': false,
    }),
  );
  writeFileSync(
    LOG4J_PROPERTIES,
    properties({
      'log4j.rootLogger': 'INFO, stderr',
      'log4j.appender.stderr': 'org.apache.log4j.ConsoleAppender',
      'log4j.appender.stderr.Target': 'System.err',
      'log4j.appender.stderr.layout': 'org.apache.log4j.PatternLayout',
      'log4j.appender.stderr.layout.ConversionPattern': '[%d] %p %m (%c)%n',
      'log4j.logger.kafka.request.logger': 'WARN',
      'log4j.logger.state.change.logger': 'WARN',
      'log4j.logger.kafka.log.LogCleaner': 'WARN',
    }),
  );
}

const javaArgs = (heap: string[], mainClass: string, args: string[]): string[] => [
  ...heap,
  '-Djava.awt.headless=true',
  `-Dlog4j.configuration=file:${LOG4J_PROPERTIES}`,
  '-cp',
  join(KAFKA_PATHS.libs, '*'),
  mainClass,
  ...args,
];

function storageTool(args: string[]): string {
  const run = spawnSync('java', javaArgs(['-Xmx256m'], 'kafka.tools.StorageTool', args), {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    throw new Error(`kafka.tools.StorageTool ${args[0]} failed:\n${run.stdout}${run.stderr}`);
  }
  return run.stdout.trim();
}

/** Formats the log directory with a new cluster id, once: a formatted directory keeps its id. */
export function formatStorage(progress: (line: string) => void): void {
  if (existsSync(join(KAFKA_PATHS.data, 'meta.properties'))) return;
  const clusterId = storageTool(['random-uuid']).split('\n').pop() ?? '';
  progress(`kafka: formatting ${relative(KAFKA_PATHS.data)} (cluster id ${clusterId})`);
  storageTool(['format', '-t', clusterId, '-c', SERVER_PROPERTIES, '--ignore-formatted']);
}

/** Starts the broker detached from this process, output to broker.log; returns its pid. */
export function startBrokerProcess(): number {
  const log = openSync(KAFKA_PATHS.log, 'w');
  try {
    const broker = spawn(
      'java',
      javaArgs(['-Xms256m', '-Xmx512m', '-XX:+ExitOnOutOfMemoryError'], BROKER_MAIN_CLASS, [SERVER_PROPERTIES]),
      { cwd: REPO_ROOT, detached: true, stdio: ['ignore', log, log] },
    );
    broker.once('error', () => undefined); // a failed spawn is reported through the missing pid
    if (broker.pid === undefined) throw new Error('could not start java');
    broker.unref();
    writePid(KAFKA_PATHS.pidFile, broker.pid);
    return broker.pid;
  } finally {
    closeSync(log);
  }
}

/** What went wrong, for error messages: broker.log's errors and their causes, else its last lines. */
export function brokerLogExcerpt(): string {
  if (!existsSync(KAFKA_PATHS.log)) return '(no log written)';
  const lines = readFileSync(KAFKA_PATHS.log, 'utf8').trimEnd().split('\n');
  const problems = lines.filter((line) => /^\[[^\]]+\] (ERROR|FATAL) |^Caused by: /.test(line));
  return (problems.length > 0 ? problems : lines).slice(-12).join('\n');
}
