// JSON over fetch with the session's bearer token; one refresh on 401; problem details as errors.
import { session } from "./session.js";

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

async function send(path, { method = "GET", body, form, headers = {}, raw = false }) {
  const init = { method, headers: { ...headers } };
  if (session.accessToken) init.headers.Authorization = `Bearer ${session.accessToken}`;
  if (form) init.body = form;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers["Content-Type"] = "application/json";
  }
  return fetch(path, init).then((response) => ({ response, raw }));
}

export async function api(path, options = {}) {
  let { response } = await send(path, options);
  if (response.status === 401 && session.refreshToken && !options.noRefresh) {
    if (await session.refresh()) ({ response } = await send(path, options));
  }
  if (options.raw && response.ok) return response;
  if (response.status === 204) return null;
  const type = response.headers.get("content-type") || "";
  const data = type.includes("json") ? await response.json() : { detail: await response.text() };
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

/** Downloads an authenticated file (ICS, exports) through a blob URL. */
export async function download(path, filename) {
  const response = await api(path, { raw: true });
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement("a"), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const idempotencyKey = () => crypto.randomUUID ? crypto.randomUUID()
  : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
