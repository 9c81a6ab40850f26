// The signed-in person: token, usuario, rol and expiry, kept in this tab's sessionStorage only (never in a URL).

const KEY = "agente_vendedor_sesion";

export function saveSession({ token, usuario, rol, expira_en: expiraEn = null }) {
  const session = { token, usuario, rol, expiraEn };
  sessionStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

export function currentSession() {
  try {
    const session = JSON.parse(sessionStorage.getItem(KEY) || "null");
    if (!session || !session.token) return null;
    if (session.expiraEn && Date.parse(session.expiraEn) <= Date.now()) return null;
    return session;
  } catch {
    return null;
  }
}

export function clearSession() {
  sessionStorage.removeItem(KEY);
}
