// Exportes: a presigned download link per export, and what the storage holds.

import { api } from "./api.js";
import { $, $$, el, fecha, formValues, numero } from "./dom.js";
import { notify, run } from "./notices.js";

async function loadStorage() {
  const info = await api("/files/storage/info");
  $("#almacenamiento").replaceChildren(
    el("dt", {}, "Backend"), el("dd", {}, info.backend),
    el("dt", {}, "Ubicación"), el("dd", {}, info.bucket),
    el("dt", {}, "Archivos"), el("dd", {}, numero.format(info.objetos)),
    el("dt", {}, "Tamaño"), el("dd", {}, `${numero.format(Math.round(info.bytes / 1024))} KB`),
    el("dt", {}, "Retención"), el("dd", {}, `${info.retencion_dias} días`));
}

export function exportsView() {
  for (const button of $$("#botones-exportes button")) {
    button.addEventListener("click", () => run(button, async () => {
      const tipo = button.dataset.tipo;
      notify(`Generando ${tipo}…`);
      const result = await api(`/exportar/${tipo}`, { params: formValues($("#filtro-exportes")) });
      const name = result.archivo.split("/").pop();
      const link = el("a", { class: "accion", href: result.url, download: name, rel: "noopener noreferrer", "aria-label": `Descargar ${name}` }, "Descargar");
      $("#lista-exportes").prepend(el("li", {}, el("strong", {}, result.archivo), " · ",
        `${numero.format(result.filas)} filas · ${numero.format(Math.ceil(result.bytes / 1024))} KB · enlace válido hasta ${fecha(result.expira_en)} `,
        link));
      notify(`Exporte listo: ${result.archivo}.`);
      link.focus();
      await loadStorage();
    }));
  }
  return { reload: loadStorage };
}
