"""What the agent says, per tone (`amigable`: tú, warm Colombian Spanish; `formal`: usted; `tecnico`: usted, specs).

These are the deterministic drafts (`borrador`): the offline provider shows them as they are and Gemini only
rephrases them. Every figure comes from the caller (database values); wording varies by a stable choice seeded with
the turn, so two turns rarely read the same while the same turn always gives the same text.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from agente_vendedor.language.customer_data import is_company_name
from agente_vendedor.schemas.chat import Tone

PRIVACY_NOTICE = (
    "Tus datos se usarán solo para gestionar tu pedido y su facturación, según la política de tratamiento de datos "
    "personales (Ley 1581 de 2012); al enviarlos autorizas ese tratamiento."
)
PRIVACY_NOTICE_FORMAL = (
    "Sus datos se usarán solo para gestionar su pedido y su facturación, según la política de tratamiento de datos "
    "personales (Ley 1581 de 2012); al enviarlos autoriza ese tratamiento."
)
FIELD_LABELS = {
    "nombre": "nombre completo o razón social",
    "cedula": "cédula o NIT",
    "telefono": "celular o teléfono",
    "direccion": "dirección de entrega (con ciudad)",
    "email": "correo",
    "ciudad": "ciudad",
}


class ProductView(Protocol):
    sku: str
    nombre: str
    precio: int
    stock: int
    marca: str | None
    descripcion: str


def cop(amount: int) -> str:
    """$38.000 (Colombian pesos, dot thousands)."""
    return "$" + f"{int(amount):,}".replace(",", ".")


def join_es(items: Sequence[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " y " + items[-1]


@dataclass(frozen=True)
class Voice:
    """One tone, with a stable seed to vary the wording between turns."""

    tono: Tone
    seed: str = ""

    @property
    def usted(self) -> bool:
        return self.tono != "amigable"

    def pick(self, options: Mapping[str, Sequence[str]] | Sequence[str], key: str = "") -> str:
        choices = options if isinstance(options, Sequence) else options.get(self.tono) or options["amigable"]
        if not choices:
            return ""
        index = zlib.crc32(f"{self.seed}|{key}".encode()) % len(choices)
        return choices[index]

    def t(self, amigable: str, formal: str, tecnico: str | None = None) -> str:
        """The sentence for this tone (`tecnico` defaults to the formal one)."""
        if self.tono == "amigable":
            return amigable
        if self.tono == "tecnico" and tecnico is not None:
            return tecnico
        return formal

    def notice(self) -> str:
        return PRIVACY_NOTICE_FORMAL if self.usted else PRIVACY_NOTICE


# ------------------------------------------------------------------------------------------------ grammar
_FEMININE_EXCEPTIONS = frozenset({"señal", "senal", "piel", "red", "luz", "llave", "mano", "careta", "base", "malla"})
_MASCULINE_EXCEPTIONS = frozenset({"mapa", "dia", "día", "sistema", "overol", "kit"})


@dataclass(frozen=True)
class Noun:
    """Article and agreement for a product name, from its first word ("Gafas ..." -> las, plural, feminine)."""

    text: str

    @property
    def _head(self) -> str:
        return (self.text.split() or [""])[0].lower()

    @property
    def plural(self) -> bool:
        head = self._head
        return head.endswith("s") and not head.endswith(("és", "ís", "ás", "ós", "ús")) and len(head) > 3

    @property
    def feminine(self) -> bool:
        head = self._head.rstrip("s") if self.plural else self._head
        if head in _FEMININE_EXCEPTIONS:
            return True
        if head in _MASCULINE_EXCEPTIONS:
            return False
        return head.endswith(("a", "ión", "ion", "dad"))

    @property
    def the(self) -> str:
        head = (self.text.split() or [""])[0]
        name = self.text if head.isupper() or len(head) < 2 else self.text[:1].lower() + self.text[1:]
        return {(False, False): "el", (True, False): "la", (False, True): "los", (True, True): "las"}[
            (self.feminine, self.plural)
        ] + f" {name}"

    @property
    def of_the(self) -> str:
        article = self.the
        return "del " + article[3:] if article.startswith("el ") else "de " + article

    def agree(self, singular_masculine: str) -> str:
        """'agotado' -> 'agotada' / 'agotados' / 'agotadas'."""
        word = (
            singular_masculine[:-1] + "a" if self.feminine and singular_masculine.endswith("o") else singular_masculine
        )
        return word + "s" if self.plural else word

    def verb(self, singular: str, plural: str) -> str:
        return plural if self.plural else singular

    @property
    def pronoun(self) -> str:
        return {(False, False): "lo", (True, False): "la", (False, True): "los", (True, True): "las"}[
            (self.feminine, self.plural)
        ]


def capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


# ------------------------------------------------------------------------------------------------ products
def stock_label(product: ProductView, voice: Voice) -> str:
    if product.stock <= 0:
        return "agotado"
    if voice.tono == "tecnico":
        return f"stock: {product.stock}"
    if product.stock <= 5:
        return f"solo quedan {product.stock}"
    return f"{product.stock} disponibles"


def product_line(product: ProductView, voice: Voice) -> str:
    if voice.tono == "tecnico":
        brand = f", {product.marca}" if product.marca else ""
        return f"• {product.nombre} (ref. {product.sku}{brand}) — {cop(product.precio)} · {stock_label(product, voice)}"
    return f"• {product.nombre} — {cop(product.precio)} ({stock_label(product, voice)})"


def product_list(products: Sequence[ProductView], voice: Voice) -> str:
    return "\n".join(product_line(p, voice) for p in products)


def first_sentence(text: str, limit: int = 180) -> str:
    sentence = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0]
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rsplit(" ", 1)[0] + "…"


def inventory_found(
    products: Sequence[ProductView],
    voice: Voice,
    *,
    asked_price: bool,
    asked_stock: bool,
    by_need: bool,
    alternatives: Sequence[ProductView] = (),
    order_note: str = "",
) -> str:
    top = products[0]
    noun = Noun(top.nombre)
    parts: list[str] = []
    if len(products) == 1 or ((asked_price or asked_stock) and len(products) <= 2 and not by_need):
        if top.stock <= 0:
            parts.append(
                voice.t(
                    f"{capitalized(noun.the)} {noun.verb('cuesta', 'cuestan')} {cop(top.precio)}, pero en este momento "
                    f"{noun.verb('está', 'están')} {noun.agree('agotado')}.",
                    f"{capitalized(noun.the)} {noun.verb('tiene', 'tienen')} un precio de {cop(top.precio)}; en este "
                    f"momento {noun.verb('está', 'están')} {noun.agree('agotado')}.",
                    f"{top.nombre} (ref. {top.sku}): {cop(top.precio)}. Sin existencias por ahora.",
                )
            )
        else:
            opener = voice.pick(
                {
                    "amigable": ["¡Claro que sí!", "¡Sí, claro!", "¡Claro!", "¡Con gusto!"],
                    "formal": ["Con gusto le informo:", "Claro que sí.", "Por supuesto."],
                    "tecnico": [""],
                },
                "abre",
            )
            parts.append(
                voice.t(
                    f"{opener} {capitalized(noun.the)} {noun.verb('cuesta', 'cuestan')} {cop(top.precio)} y tenemos "
                    f"{top.stock} disponibles.",
                    f"{opener} {capitalized(noun.the)} {noun.verb('tiene', 'tienen')} un precio de {cop(top.precio)} "
                    f"y contamos con {top.stock} "
                    "unidades disponibles.",
                    f"{top.nombre} (ref. {top.sku}{', ' + top.marca if top.marca else ''}): {cop(top.precio)}, "
                    f"stock {top.stock}.",
                ).strip()
            )
        if (voice.tono == "tecnico" and top.descripcion) or (by_need and top.descripcion):
            parts.append(first_sentence(top.descripcion))
        if len(products) == 2:
            parts.append(voice.t("También tengo esta opción:", "También contamos con:", "Alternativa:"))
            parts.append(product_line(products[1], voice))
    else:
        intro = voice.pick(
            {
                "amigable": [
                    "¡Claro! Esto es lo que tengo para ti:",
                    "¡Sí, claro! Mira estas opciones:",
                    "Te cuento lo que manejamos:",
                    "¡Con gusto! Tenemos estas opciones:",
                ],
                "formal": ["Con gusto. Estas son las opciones disponibles:", "Le comparto las opciones que manejamos:"],
                "tecnico": ["Referencias que cumplen lo solicitado:", "Opciones del catálogo:"],
            },
            "lista",
        )
        parts.append(intro)
        parts.append(product_list(products, voice))
        if (by_need or voice.tono == "tecnico") and top.descripcion:
            parts.append(
                voice.t(
                    f"La primera es la que más te sirve: {first_sentence(top.descripcion)}",
                    f"La primera es la más indicada: {first_sentence(top.descripcion)}",
                    f"Recomendada: {top.nombre}. {first_sentence(top.descripcion)}",
                )
            )
    if alternatives:
        parts.append(
            voice.t("Como alternativa con existencias:", "Como alternativa disponible:", "Alternativas en stock:")
        )
        parts.append(product_list(alternatives, voice))
    if order_note:
        parts.append(order_note)
    parts.append(
        voice.pick(
            {
                "amigable": [
                    "¿Cuántas unidades necesitas? Te las separo de una.",
                    "¿Te separo alguno? Dime cuántas unidades.",
                    "Si quieres, dime cuántas y te armo el pedido.",
                ],
                "formal": [
                    "¿Cuántas unidades desea? Con gusto se las separo.",
                    "Si lo desea, indíqueme la cantidad y preparo su pedido.",
                ],
                "tecnico": ["Indique referencia y cantidad para preparar el pedido.", "Indique la cantidad requerida."],
            },
            "cierre",
        )
    )
    return "\n".join(p for p in parts if p)


def inventory_not_found(voice: Voice, categories: Sequence[str], *, order_note: str = "") -> str:
    lines = [
        voice.pick(
            {
                "amigable": [
                    "Uy, eso no lo manejamos en este momento.",
                    "Qué pena, no encontré ese producto en nuestro catálogo.",
                ],
                "formal": ["Lamentablemente no contamos con ese producto en nuestro catálogo."],
                "tecnico": ["No hay referencias en el catálogo que correspondan a la consulta."],
            },
            "nada",
        )
    ]
    if categories:
        lines.append(
            voice.t(
                f"Lo que sí tenemos es: {join_es([c.lower() for c in categories[:8]])}.",
                f"Manejamos estas líneas: {join_es([c.lower() for c in categories[:8]])}.",
                f"Líneas disponibles: {join_es([c.lower() for c in categories[:8]])}.",
            )
        )
    if order_note:
        lines.append(order_note)
    lines.append(
        voice.t(
            "¿Me cuentas para qué lo necesitas y te recomiendo algo?",
            "¿Me indica para qué lo necesita y con gusto le recomiendo una opción?",
            "Indique la aplicación o el riesgo y le sugiero la referencia adecuada.",
        )
    )
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------------ the sale
@dataclass(frozen=True)
class CartLine:
    nombre: str
    cantidad: int
    precio_unitario: int
    subtotal: int
    stock: int


def cart_summary(lines: Sequence[CartLine], total: int, voice: Voice) -> str:
    rows = [
        f"• {line.cantidad} x {line.nombre} — {cop(line.subtotal)}"
        + (f" ({cop(line.precio_unitario)} c/u)" if line.cantidad > 1 else "")
        for line in lines
    ]
    label = voice.t("Total", "Total", "Total pedido")
    return "\n".join([*rows, f"{label}: {cop(total)}"])


def ask_fields(missing: Sequence[str], voice: Voice, *, first_request: bool) -> str:
    labels = join_es([FIELD_LABELS[f] for f in missing])
    if len(missing) >= 3:
        sentence = voice.pick(
            {
                "amigable": [
                    f"Para despacharlo necesito tu {labels}.",
                    f"Para alistar el despacho me regalas tu {labels}, por fa.",
                ],
                "formal": [f"Para procesar su pedido necesito su {labels}.", f"Por favor indíqueme su {labels}."],
                "tecnico": [f"Datos requeridos para facturar y despachar: {labels}."],
            },
            "pide",
        )
    else:
        sentence = voice.t(f"Solo me falta tu {labels}.", f"Solo me falta su {labels}.", f"Dato pendiente: {labels}.")
    return f"{sentence}\n{voice.notice()}" if first_request else sentence


MASK = "•••"


def customer_block(data: Mapping[str, str | None], voice: Voice) -> str:
    """The customer line of the summary; masked stored values ("•••") read as "registrado"."""
    name = data.get("nombre") or ""
    parts = [voice.t("tus datos registrados", "sus datos registrados") if name.startswith(MASK) else name]
    if data.get("cedula"):
        document = "NIT" if "-" in (data["cedula"] or "") else "CC"
        parts.append(f"{document} {data['cedula']}")
    phone = data.get("telefono") or ""
    if phone and not phone.startswith(MASK):
        parts.append(f"tel. {phone}")
    address = data.get("direccion") or ""
    if address and not address.startswith(MASK):
        parts.append(", ".join(x for x in (address, data.get("ciudad")) if x and not x.startswith(MASK)))
    email = data.get("email") or ""
    if email and not email.startswith(MASK):
        parts.append(email)
    text = " · ".join(p for p in parts if p)
    return voice.t(f"A nombre de: {text}", f"A nombre de: {text}", f"Cliente: {text}")


def ask_confirmation(voice: Voice) -> str:
    return voice.pick(
        {
            "amigable": [
                "¿Confirmas la compra? Respóndeme «sí» y la cierro.",
                "¿Todo bien? Si me dices «sí», cierro la compra.",
            ],
            "formal": [
                "¿Confirma la compra? Responda «sí» para cerrarla.",
                "¿Desea que cierre la compra? Responda «sí».",
            ],
            "tecnico": ["Confirme con «sí» para registrar la venta."],
        },
        "confirma",
    )


def next_step_after_cart(voice: Voice) -> str:
    return voice.pick(
        {
            "amigable": ["¿Quieres agregar algo más?", "¿Te hace falta algo más?"],
            "formal": ["¿Desea agregar algo más?"],
            "tecnico": ["¿Requiere otra referencia?"],
        },
        "mas",
    )


def stock_short(nombre: str, requested: int, available: int, voice: Voice) -> str:
    if available <= 0:
        return voice.t(
            f"{capitalized(Noun(nombre).of_the)} no nos quedan unidades en este momento.",
            f"{capitalized(Noun(nombre).of_the)} no tenemos unidades disponibles en este momento.",
            f"{nombre}: sin existencias.",
        )
    return voice.t(
        f"Ojo: {Noun(nombre).of_the} solo tenemos {available} disponibles y pediste {requested}. ¿Te dejo {available}?",
        f"Le informo que {Noun(nombre).of_the} solo hay {available} unidades disponibles y solicitó {requested}. "
        f"¿Le dejo {available}?",
        f"{nombre}: solicitadas {requested}, disponibles {available}. ¿Ajusto a {available}?",
    )


def out_of_stock(nombre: str, alternatives: Sequence[ProductView], voice: Voice) -> str:
    noun = Noun(nombre)
    text = voice.t(
        f"Qué pena, {noun.the} {noun.verb('está', 'están')} {noun.agree('agotado')} en este momento, así que no "
        f"{noun.pronoun} agregué.",
        f"{capitalized(noun.the)} {noun.verb('está', 'están')} {noun.agree('agotado')} en este momento, por lo que no "
        f"{noun.pronoun} agregué a su pedido.",
        f"{nombre}: sin existencias; no se agregó.",
    )
    if alternatives:
        text += "\n" + voice.t("Te puede servir:", "Le puede servir:", "Alternativas en stock:")
        text += "\n" + product_list(alternatives, voice)
    return text


def closed(venta_id: str, total: int, first: str, voice: Voice) -> str:
    name = "" if not first or first.startswith(MASK) else f", {first}"
    reference = venta_id[:8].upper()
    return voice.pick(
        {
            "amigable": [
                f"¡Listo{name}! Tu compra quedó confirmada (pedido {reference}) por {cop(total)}. "
                "Pronto te contactamos para coordinar la entrega. ¡Gracias por comprarnos!",
                f"¡Hecho{name}! Compra confirmada, pedido {reference} por {cop(total)}. "
                "Te escribimos para coordinar la entrega. ¡Mil gracias!",
            ],
            "formal": [
                f"Su compra quedó confirmada con el pedido {reference} por {cop(total)}. "
                "Nos comunicaremos con usted para coordinar la entrega. Gracias por su compra.",
            ],
            "tecnico": [
                f"Venta registrada: pedido {reference}, total {cop(total)}. Se coordinará la entrega con el cliente.",
            ],
        },
        "cerrada",
    )


def close_failed_stock(shortages: Sequence[tuple[str, int, int]], voice: Voice) -> str:
    lines = [
        voice.t(
            "No pude cerrar la compra porque nos falta inventario:",
            "No fue posible cerrar la compra por falta de inventario:",
            "Venta no registrada por stock insuficiente:",
        )
    ]
    for nombre, requested, available in shortages:
        lines.append(
            f"• {nombre}: pediste {requested}, hay {available}"
            if not voice.usted
            else f"• {nombre}: solicitadas {requested}, disponibles {available}"
        )
    lines.append(
        voice.t(
            "¿Ajusto las cantidades a lo disponible? Tu pedido sigue abierto.",
            "¿Desea que ajuste las cantidades a lo disponible? Su pedido sigue abierto.",
            "¿Ajusto a lo disponible? El pedido permanece abierto.",
        )
    )
    return "\n".join(lines)


def prices_changed(changes: Sequence[tuple[str, int | None, int]], voice: Voice) -> str:
    """A price changed after the summary the customer was confirming: nothing was charged; the new prices."""
    lines = [
        voice.t(
            "Antes de cerrar: cambió el precio de un producto desde el resumen, así que no cerré la compra.",
            "Antes de cerrar: el precio de un producto cambió desde el resumen, por lo que no cerré la compra.",
            "Venta no registrada: hubo un cambio de precio desde el resumen.",
        )
    ]
    for nombre, before, now in changes:
        lines.append(f"• {nombre}: ahora {cop(now)}" + (f" (antes {cop(before)})" if before is not None else ""))
    return "\n".join(lines)


def cancelled(voice: Voice) -> str:
    return voice.pick(
        {
            "amigable": [
                "Listo, cancelé tu pedido. Si te animas más adelante, aquí estoy para ayudarte.",
                "Hecho, pedido cancelado. Cuando quieras retomamos, con gusto.",
            ],
            "formal": ["Su pedido fue cancelado. Quedamos atentos si desea retomarlo más adelante."],
            "tecnico": ["Pedido cancelado. Quedo atento a una nueva solicitud."],
        },
        "cancelado",
    )


def nothing_to_cancel(voice: Voice) -> str:
    return voice.t(
        "No tienes ningún pedido abierto en este momento. ¿Te ayudo con algo más?",
        "No tiene ningún pedido abierto en este momento. ¿Le puedo ayudar con algo más?",
        "No hay pedidos abiertos en esta conversación.",
    )


def ask_product(voice: Voice, suggestions: Sequence[ProductView]) -> str:
    text = voice.t(
        "¡Con gusto te ayudo con la compra! ¿Qué producto necesitas y cuántas unidades?",
        "Con gusto le ayudo con su compra. ¿Qué producto necesita y cuántas unidades?",
        "Indique la referencia y la cantidad requerida.",
    )
    if suggestions:
        text += "\n" + voice.t("Por ejemplo, tengo:", "Por ejemplo, contamos con:", "Referencias relacionadas:")
        text += "\n" + product_list(suggestions, voice)
    return text


def ask_which(products: Sequence[ProductView], voice: Voice) -> str:
    """Several products fit what the customer named: which one, before touching the order."""
    intro = voice.t(
        "Tengo varias opciones que encajan con lo que me pides:",
        "Contamos con varias opciones que corresponden a lo que solicita:",
        "Varias referencias coinciden:",
    )
    question = voice.t(
        "¿Cuál de estas quieres? Dime el nombre o el número de la opción y cuántas unidades.",
        "¿Cuál de ellas desea? Indíqueme el nombre o el número de la opción y la cantidad.",
        "Indique la referencia y la cantidad.",
    )
    return f"{intro}\n{product_list(products, voice)}\n{question}"


# How a proposal starts, per tone: products inferred from a need, or the lines of a photographed list.
NEED_INTROS = ("Para eso te sirve esto:", "Para esa necesidad le recomiendo:", "Referencia sugerida:")
LIST_INTROS = (
    "Leí tu lista y esto es lo que encontré:",
    "Revisé su lista y encontré lo siguiente:",
    "Ítems de la lista en el catálogo:",
)


def ask_to_add(
    items: Sequence[tuple[ProductView, int]], voice: Voice, intros: tuple[str, str, str] = NEED_INTROS
) -> str:
    """The product was inferred, not named (or read from a photo): propose it and wait for a yes."""
    listed = join_es([f"{qty} x {product.nombre}" for product, qty in items])
    lines = "\n".join(product_line(product, voice) for product, _ in items)
    friendly, formal, technical = intros
    return voice.t(
        f"{friendly}\n{lines}\n¿Te agrego {listed} al pedido?",
        f"{formal}\n{lines}\n¿Le agrego {listed} a su pedido?",
        f"{technical}\n{lines}\n¿Agregar {listed}?",
    )


def known_customer(voice: Voice) -> str:
    """A staff member's turn gave the cédula/NIT of a stored customer, whose record fills what is missing; nothing
    from it is repeated (the conversation's later answers may reach the customer)."""
    return voice.t(
        "¡Qué bueno tenerte de nuevo! Ya tengo tus datos registrados para el despacho.",
        "Bienvenido de nuevo. Ya tenemos sus datos registrados para el despacho.",
        "Cliente registrado: se usan los datos de su ficha.",
    )


def field_problem(message: str, voice: Voice) -> str:
    return voice.t(
        f"Revisa este dato, por fa: {message}", f"Por favor revise este dato: {message}", f"Dato inválido: {message}"
    )


def thanks_for_data(nombre: str | None, voice: Voice) -> str:
    """Thanks by first name for a person; a company is thanked without cutting its name ("¡Gracias, Molino!")."""
    first = (nombre or "").split()[0] if nombre and not is_company_name(nombre) else ""
    if not first:
        return voice.t("¡Gracias!", "Gracias.", "")
    return voice.t(f"¡Gracias, {first}!", f"Gracias, {first}.", "")


# ------------------------------------------------------------------------------------------------ company
def company_answer(contents: Sequence[tuple[str, str]], voice: Voice) -> str:
    body = " ".join(content.strip() for _, content in contents)
    opener = voice.pick(
        {
            "amigable": ["¡Claro! Te cuento:", "¡Con gusto!", "Te cuento:"],
            "formal": ["Con gusto le informo:", "Claro que sí."],
            "tecnico": [f"{contents[0][0]}:"],
        },
        "empresa",
    )
    close = voice.pick(
        {
            "amigable": ["¿Te ayudo con algo más?", "¿Algo más en lo que te pueda ayudar?"],
            "formal": ["¿Le puedo ayudar en algo más?"],
            "tecnico": ["¿Requiere algo más?"],
        },
        "empresa_cierre",
    )
    return f"{opener} {body}\n{close}"


def company_unknown(contact: str | None, voice: Voice) -> str:
    text = voice.t(
        "Qué pena, no tengo esa información.",
        "Lamentablemente no cuento con esa información.",
        "No hay información registrada sobre ese punto.",
    )
    if contact:
        text += " " + voice.t(
            f"Un asesor te puede ayudar: {contact}",
            f"Un asesor puede ayudarle: {contact}",
            f"Contacto: {contact}",
        )
    return text


def greeting(company: str, voice: Voice) -> str:
    return voice.pick(
        {
            "amigable": [
                f"¡Hola! Soy el asistente virtual de {company}. Te ayudo con productos, precios, pedidos y "
                "cualquier duda sobre nosotros. ¿Qué necesitas hoy?",
                f"¡Hola, bienvenido a {company}! Cuéntame qué estás buscando y te ayudo con gusto.",
            ],
            "formal": [
                f"Buen día, soy el asistente virtual de {company}. Puedo ayudarle con productos, precios, pedidos e "
                "información de la empresa. ¿En qué le puedo servir?",
            ],
            "tecnico": [
                f"Asistente virtual de {company}: consultas de catálogo, precios, existencias, pedidos e información "
                "de la empresa. ¿Qué requiere?",
            ],
        },
        "hola",
    )


def thanks(voice: Voice) -> str:
    return voice.pick(
        {
            "amigable": ["¡Con mucho gusto! Aquí estoy para lo que necesites.", "¡A la orden! Que tengas buen día."],
            "formal": ["Con mucho gusto. Quedamos atentos a lo que necesite."],
            "tecnico": ["Con gusto. Quedo atento."],
        },
        "gracias",
    )


def identity(company: str, voice: Voice) -> str:
    return voice.t(
        f"Soy el asistente virtual de {company}: te ayudo con productos, precios, pedidos e información de la empresa. "
        "Si prefieres hablar con una persona, un asesor te puede atender.",
        f"Soy el asistente virtual de {company}. Le ayudo con productos, precios, pedidos e información de la empresa; "
        "si lo prefiere, un asesor puede atenderle.",
        f"Asistente virtual de {company} (respuestas automáticas). Un asesor puede atenderle si lo requiere.",
    )


def not_understood(voice: Voice) -> str:
    return voice.t(
        "No te entendí bien. ¿Me cuentas qué producto buscas o en qué te puedo ayudar?",
        "Disculpe, no entendí su mensaje. ¿Me indica qué producto busca o en qué le puedo ayudar?",
        "No se identificó la consulta. Indique producto, referencia o tema.",
    )


# ------------------------------------------------------------------------------------------------ customers (staff)
def customer_refused(voice: Voice) -> str:
    return voice.t(
        "Por protección de datos personales (Ley 1581 de 2012) no puedo compartir información de clientes por este "
        "canal. Si necesitas tu historial, escríbenos por los canales de contacto y con gusto te ayudamos.",
        "Por protección de datos personales (Ley 1581 de 2012) no es posible compartir información de clientes por "
        "este canal. Si requiere su historial, comuníquese con nosotros por los canales de contacto.",
        "Consulta de clientes restringida al personal autorizado (Ley 1581 de 2012).",
    )


def customer_not_found(voice: Voice) -> str:
    return voice.t(
        "No encontré un cliente con esos datos. ¿Me das la cédula/NIT o el nombre completo?",
        "No encontré un cliente con esos datos. ¿Me indica la cédula/NIT o el nombre completo?",
        "Sin coincidencias. Indique cédula/NIT o nombre completo.",
    )


def customer_choices(rows: Sequence[tuple[str, str]], voice: Voice) -> str:
    listing = "\n".join(f"• {nombre} ({cedula})" for nombre, cedula in rows)
    return (
        voice.t("Encontré varios clientes, ¿cuál es?", "Encontré varios clientes, ¿cuál consulta?", "Coincidencias:")
        + "\n"
        + listing
    )


# ------------------------------------------------------------------------------------------------ attachments
def attachment_note(kind: str, voice: Voice, *, with_text: bool) -> str:
    """Images and voice notes cannot be read without a model: say so, and answer the text if there is one."""
    if kind == "audio":
        if with_text:
            return ""
        return voice.t(
            "Recibí tu nota de voz, pero por ahora no puedo escuchar audios. ¿Me escribes lo que necesitas?",
            "Recibí su nota de voz, pero por el momento no puedo procesar audios. ¿Me escribe su consulta?",
            "Nota de voz recibida; el audio no se procesa en este canal. Escriba la consulta, por favor.",
        )
    if with_text:
        return voice.t(
            "Recibí tu imagen; todavía no puedo analizar fotos, así que te respondo según tu mensaje.",
            "Recibí su imagen; aún no puedo analizar fotografías, así que le respondo según su mensaje.",
            "Imagen recibida (sin análisis visual); respuesta según el texto.",
        )
    return voice.t(
        "Recibí tu imagen, pero todavía no puedo analizar fotos. ¿Me cuentas qué producto buscas o qué necesitas?",
        "Recibí su imagen, pero aún no puedo analizar fotografías. ¿Me indica qué producto busca?",
        "Imagen recibida (sin análisis visual). Indique el producto o la referencia requerida.",
    )


# -- photos the model read (conversation/media_turns.py) --------------------------------------------------------


def photo_product_intro(voice: Voice) -> str:
    return voice.t(
        "Por lo que veo en tu foto, esto es lo que tenemos:",
        "Según la foto que nos envió, esto es lo que tenemos disponible:",
        "Coincidencias del catálogo con la imagen:",
    )


def photo_not_in_catalogue(voice: Voice) -> str:
    return voice.t(
        "Miré tu foto, pero no encontré ese producto en nuestro catálogo. ¿Me cuentas para qué lo necesitas y te "
        "recomiendo algo parecido?",
        "Revisé su foto, pero no encontré ese producto en nuestro catálogo. ¿Me indica para qué lo necesita y le "
        "recomiendo una alternativa?",
        "Sin coincidencias en el catálogo para la imagen. Indique la aplicación o la referencia.",
    )


CLOSEST_INTROS = (
    "No tengo esa medida, talla o referencia exacta; lo más cercano que manejo es:",
    "No contamos con esa medida, talla o referencia exacta; lo más cercano es:",
    "Sin la variante pedida; la más cercana:",
)


def ask_to_add_closest(items: Sequence[tuple[ProductView, int]], voice: Voice) -> str:
    """The customer asked for a size, measure, class or colour the shop lacks: the nearest product, only proposed."""
    return ask_to_add(items, voice, CLOSEST_INTROS)


def ask_to_add_from_list(items: Sequence[tuple[ProductView, int]], voice: Voice) -> str:
    """The lines of a photographed list, found in the catalogue: proposed, nothing added until a yes."""
    return ask_to_add(items, voice, LIST_INTROS)


def _written(lines: Sequence[str]) -> str:
    return join_es([f"«{' '.join(line.split())[:60]}»" for line in lines[:5]])


def photo_list_missing(lines: Sequence[str], voice: Voice) -> str:
    missing = _written(lines)
    return voice.t(
        f"No encontré en el catálogo {missing}; si me dices para qué es, te busco una opción.",
        f"No encontré en el catálogo {missing}; si me indica para qué es, le busco una alternativa.",
        f"Sin coincidencia en el catálogo: {missing}.",
    )


def photo_list_not_found(lines: Sequence[str], voice: Voice) -> str:
    if not lines:
        return photo_other(voice, with_text=False)
    missing = _written(lines)
    return voice.t(
        f"Leí tu lista, pero no encontré {missing} en nuestro catálogo. ¿Me escribes los productos como los "
        "buscas o para qué los necesitas?",
        f"Revisé su lista, pero no encontré {missing} en nuestro catálogo. ¿Me indica los productos o para qué "
        "los necesita?",
        f"Lista leída; sin coincidencias en el catálogo para {missing}. Indique referencias o aplicación.",
    )


def photo_other(voice: Voice, *, with_text: bool) -> str:
    """A photo that shows nothing to sell from."""
    if with_text:
        return voice.t(
            "Vi tu foto, pero no muestra un producto ni una lista de pedido; te respondo según tu mensaje.",
            "Vi su foto, pero no muestra un producto ni una lista de pedido; le respondo según su mensaje.",
            "La imagen no muestra un producto ni un pedido; respuesta según el texto.",
        )
    return voice.t(
        "¡Gracias por la foto! No veo en ella un producto ni una lista de pedido. Si me envías la foto del producto "
        "o de tu lista, o me cuentas qué necesitas, con gusto te ayudo.",
        "Gracias por la imagen. No identifico en ella un producto ni una lista de pedido. Si nos envía la foto del "
        "producto o de su lista, o nos indica qué necesita, con gusto le ayudamos.",
        "La imagen no muestra un producto ni un pedido. Envíe la foto del producto o de la lista, o la referencia.",
    )
