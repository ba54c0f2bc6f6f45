import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, WriteStream } from 'node:fs';
import { dirname, join } from 'node:path';

/** The exchange's processes, each a compiled NestJS app under dist/apps/<name>/src/main.js. */
export const SERVICE_NAMES = ['matching-engine', 'settlement', 'portfolio-margin', 'gateway', 'price-feed'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Default ports of each service's HTTP endpoint (the gateway's API; /health and /metrics for the others). */
export const DEFAULT_PORTS: Record<ServiceName, number> = {
  gateway: 3000,
  'portfolio-margin': 3001,
  'matching-engine': 3002,
  settlement: 3003,
  'price-feed': 3004,
};

const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

export interface ServiceOptions {
  readonly name: ServiceName;
  readonly port: number;
  readonly env: Readonly<Record<string, string>>;
  /** File that receives the process's stdout and stderr. */
  readonly logFile: string;
}

/** One service run as a child process, with its output in a log file; restartable after a kill. */
export class ServiceProcess {
  private child: ChildProcess | null = null;
  private log: WriteStream | null = null;

  constructor(readonly options: ServiceOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  start(): void {
    if (this.child) throw new Error(`${this.options.name} already running`);
    mkdirSync(dirname(this.options.logFile), { recursive: true });
    this.log = createWriteStream(this.options.logFile, { flags: 'a' });
    const entry = join(REPO_ROOT, 'dist', 'apps', this.options.name, 'src', 'main.js');
    const child = spawn(process.execPath, ['--enable-source-maps', entry], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...this.options.env, PORT: String(this.options.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    child.once('exit', () => {
      if (this.child === child) this.child = null;
    });
    this.child = child;
  }

  /** Resolves once GET /health answers 200, or rejects with the log file's name. */
  async waitHealthy(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.child) throw new Error(`${this.options.name} exited during start-up; see ${this.options.logFile}`);
      try {
        const response = await fetch(`${this.baseUrl}/health`, { signal: AbortSignal.timeout(1000) });
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${this.options.name} not healthy after ${timeoutMs} ms; see ${this.options.logFile}`);
  }

  /** Sends the signal and waits for the process to exit (SIGKILL after the grace period). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
    this.child = null;
  }
}
