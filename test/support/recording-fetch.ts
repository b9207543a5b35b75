/** A fetch that records every request it is given and answers from a handler. */
import type { FetchLike } from "../../src/transport.ts";

export type Recorded = { method: string; url: string; headers: Headers; body: string };

export function recordingFetch(
  handler: (request: Request) => Response | Promise<Response> = () => new Response("{}"),
): FetchLike & {
  calls: Recorded[];
} {
  const calls: Recorded[] = [];
  const fetchLike = async (request: Request) => {
    calls.push({
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: await request.clone().text(),
    });
    return handler(request);
  };
  return Object.assign(fetchLike, { calls });
}

export const SAMPLE_ID = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
