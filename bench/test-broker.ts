import { brokerAnswers, ensureBroker, stopBroker } from '../tools/kafka-broker';

/**
 * Runs a benchmark against the test broker (KAFKA_LOCAL_INSTANCE=test), starting it if needed and
 * stopping it afterwards if this run started it, so a benchmark leaves the machine as it found it
 * (a broker left behind would make `npm test` refuse to wipe it).
 */
export async function withTestBroker<T>(say: (line: string) => void, run: () => Promise<T>): Promise<T> {
  const wasRunning = await brokerAnswers();
  process.env.KAFKA_BROKERS = (await ensureBroker({ progress: say })).join(',');
  try {
    return await run();
  } finally {
    if (!wasRunning) await stopBroker(say);
  }
}
