// A client of the service over real HTTP (global fetch), sending one bearer token.

/** A JSON answer read loosely: the assertions are what check its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON of any shape
export type Json = any;

export interface Answer {
  readonly status: number;
  readonly body: Json;
  readonly headers: Headers;
}

export async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: Json = text;
  try {
    body = text === "" ? null : JSON.parse(text);
  } catch {
    // Not JSON (the page, its script, an export): the text itself.
  }
  return { status: response.status, body, headers: response.headers };
}

export type Client = ReturnType<typeof client>;

export function client(base: string, token?: string) {
  const auth: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
  return {
    base,
    post: async (path: string, body: unknown, headers: Record<string, string> = {}) =>
      answer(
        await fetch(`${base}${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", ...auth, ...headers },
          body: JSON.stringify(body),
        }),
      ),
    postRaw: async (path: string, raw: string) =>
      answer(await fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json", ...auth }, body: raw })),
    get: async (path: string, headers: Record<string, string> = {}) =>
      answer(await fetch(`${base}${path}`, { headers: { ...auth, ...headers } })),
  };
}
