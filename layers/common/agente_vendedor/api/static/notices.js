// What the panel tells the person: a polite status line, an assertive alert with a beep (Web Audio API).

import { $ } from "./dom.js";

let audio = null;

export function notify(message, kind = "ok") {
  const box = $("#aviso");
  box.className = message ? `aviso ${kind}` : "aviso";
  box.textContent = message;
}

export async function run(button, work) {
  if (button) button.disabled = true;
  try {
    return await work();
  } catch (error) {
    if (!error.handled) notify(error.message, "error");
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}

// Browsers start audio only after a gesture: called from the sign-in submit.
export function unlockAudio() {
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!Context) return;
  audio = audio || new Context();
  if (audio.state === "suspended") audio.resume().catch(() => {});
}

export function beep() {
  if (!audio || audio.state !== "running") return;
  const oscillator = audio.createOscillator();
  const gain = audio.createGain();
  oscillator.type = "sine";
  oscillator.frequency.value = 880;
  gain.gain.setValueAtTime(0.0001, audio.currentTime);
  gain.gain.exponentialRampToValueAtTime(0.2, audio.currentTime + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.45);
  oscillator.connect(gain).connect(audio.destination);
  oscillator.start();
  oscillator.stop(audio.currentTime + 0.5);
}

let alertAction = null;

// `action` opens what the alert is about; `actionLabel` names it ("Abrir chat web_123").
export function alertPerson(message, action, actionLabel) {
  alertAction = action;
  $("#alerta-abrir").hidden = !action;
  $("#alerta-abrir").setAttribute("aria-label", actionLabel || "Abrir");
  $("#alerta").hidden = false;
  $("#alerta-texto").textContent = message; // after unhiding, so the alert region announces it
  beep();
}

export function installAlert() {
  $("#alerta-cerrar").addEventListener("click", () => { $("#alerta").hidden = true; });
  $("#alerta-abrir").addEventListener("click", () => {
    $("#alerta").hidden = true;
    if (alertAction) alertAction();
  });
}
