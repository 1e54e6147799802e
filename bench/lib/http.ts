/** A small JSON client over the global fetch (undici, keep-alive). */
export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
}

export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async request<T = unknown>(
    method: string,
    path: string,
    token: string | undefined,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {};
    if (token) headers['authorization'] = `Bearer ${token}`;
    let payload: string | Buffer | undefined;
    if (body !== undefined) {
      headers['content-type'] = contentType;
      payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: payload });
    const text = await response.text();
    let parsed: unknown = text;
    if (text && (response.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
    return { status: response.status, body: parsed as T };
  }

  get<T = unknown>(path: string, token?: string): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path, token);
  }

  post<T = unknown>(path: string, token: string | undefined, body: unknown, contentType?: string) {
    return this.request<T>('POST', path, token, body, contentType);
  }

  /** as request, but throws unless the status is one of `expected` */
  async expect<T = unknown>(expected: number[], method: string, path: string, token?: string, body?: unknown) {
    const response = await this.request<T>(method, path, token, body);
    if (!expected.includes(response.status)) {
      throw new Error(
        `${method} ${path} answered ${response.status}, expected ${expected.join('/')}: ${JSON.stringify(response.body).slice(0, 800)}`,
      );
    }
    return response.body;
  }
}
