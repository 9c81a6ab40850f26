// Calls to the API with the staff token. A 401 anywhere ends the session (the panel returns to its sign-in form).

import { currentSession } from "./session.js";

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

let unauthorizedHandler = () => {};

export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

function detailText(detail, status) {
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) return detail.map((d) => `${(d.loc || []).slice(1).join(".")}: ${d.msg}`).join("; ");
  return `Error ${status}.`;
}

// `token` overrides the session's (sign-in checks); `anonymous` sends none. Either way a 401 is only thrown.
export async function api(path, { method = "GET", params, body, token, anonymous = false } = {}) {
  const url = new URL(path, location.origin);
  for (const [key, value] of Object.entries(params || {})) {
    if (value !== "" && value !== null && value !== undefined) url.searchParams.set(key, value);
  }
  const headers = { Accept: "application/json" };
  const credential = token ?? currentSession()?.token;
  if (!anonymous && credential) headers.Authorization = `Bearer ${credential}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "omit" });
  } catch {
    throw new ApiError(0, "No hay conexión con el servicio.");
  }
  const data = await response.json().catch(() => ({}));
  if (response.ok) return data;
  const error = new ApiError(response.status, detailText(data.detail, response.status));
  if (response.status === 401 && token === undefined && !anonymous) {
    error.handled = true; // the session ends: no notice of its own
    unauthorizedHandler(error.message);
  }
  if (response.status === 403) error.message = `Su rol no permite esta acción. ${error.message}`;
  throw error;
}
