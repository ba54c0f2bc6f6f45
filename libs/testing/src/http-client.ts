/** A small HTTP client for the gateway's API as a trader or staff member would use it. */
export interface ApiCredentials {
  readonly keyId: string;
  readonly secret: string;
}

export interface ApiResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly credentials?: ApiCredentials,
  ) {}

  as(credentials: ApiCredentials): ApiClient {
    return new ApiClient(this.baseUrl, credentials);
  }

  get<T = Record<string, unknown>>(path: string): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path);
  }

  post<T = Record<string, unknown>>(path: string, body: unknown): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, JSON.stringify(body));
  }

  put<T = Record<string, unknown>>(path: string, body: unknown): Promise<ApiResponse<T>> {
    return this.request<T>('PUT', path, JSON.stringify(body));
  }

  delete<T = Record<string, unknown>>(path: string): Promise<ApiResponse<T>> {
    return this.request<T>('DELETE', path);
  }

  /** Sends a raw body as-is, for malformed-input tests. */
  async request<T>(
    method: string,
    path: string,
    rawBody?: string,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      body: rawBody,
      headers: {
        ...(rawBody !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.credentials ? { authorization: `Bearer ${this.credentials.keyId}.${this.credentials.secret}` } : {}),
        ...headers,
      },
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // non-JSON bodies (metrics, HTML docs) stay text
    }
    return { status: response.status, body: body as T };
  }
}

/** Polls `probe` until it returns a value other than undefined, or fails with `what`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
