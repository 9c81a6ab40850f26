"""The guard binds each amount and each "agotado" to the product it is said of, and refuses web addresses and phone
numbers that are not the company's (nor the customer's own); sentence by sentence, as a streamed reply is shown."""

from __future__ import annotations

from typing import Any

import pytest

from agente_vendedor.platform.llm.base import PhraseRequest
from agente_vendedor.platform.llm.guard import ReplyGuard, check_reply, find_links, find_phones

HECHOS: dict[str, Any] = {
    "productos": [
        {"sku": "SX-CAB-001", "nombre": "Casco dieléctrico clase E blanco con ratchet", "precio": 38000, "stock": 260},
        {"sku": "SX-CAB-002", "nombre": "Casco de seguridad clase G amarillo pin-lock", "precio": 24000, "stock": 340},
        {"sku": "SX-CAB-003", "nombre": "Casco MSA V-Gard clase E Fas-Trac", "precio": 72000, "stock": 0},
    ]
}
DRAFT = (
    "Tenemos estas opciones:\n• Casco dieléctrico clase E blanco con ratchet — $38.000 (260 disponibles)\n"
    "• Casco de seguridad clase G amarillo pin-lock — $24.000 (340 disponibles)\n"
    "• Casco MSA V-Gard clase E Fas-Trac — $72.000 (agotado)\n¿Cuál te sirve?"
)
SECTIONS: dict[str, Any] = {
    "secciones": [
        {
            "titulo": "Contacto",
            "contenido": "Escríbenos a ventas@dotaciones.co, visita www.dotaciones.co "
            "o llama al (602) 395 1122 / WhatsApp 315 678 9012.",
        }
    ]
}
COMPANY_DRAFT = "Puedes escribirnos a ventas@dotaciones.co o llamar al (602) 395 1122. ¿Te ayudo con algo más?"


def _request(
    borrador: str = DRAFT, hechos: dict[str, Any] = HECHOS, mensaje: str = "¿qué cascos tienen?"
) -> PhraseRequest:
    return PhraseRequest(tipo="inventario", tono="amigable", mensaje=mensaje, borrador=borrador, hechos=hechos,
                         numeros_permitidos=frozenset({38000, 24000, 72000, 260, 340}))  # fmt: skip


def _motivo(reply: str, request: PhraseRequest | None = None) -> str | None:
    return check_reply(request or _request(), reply).motivo


def test_the_draft_itself_and_a_faithful_rewording_pass() -> None:
    assert _motivo(DRAFT) is None
    reply = (
        "¡Claro! El casco blanco dieléctrico vale $38.000 y el amarillo $24.000. "
        "El MSA V-Gard ($72.000) está agotado por ahora. ¿Cuál te sirve?"
    )
    assert _motivo(reply) is None


@pytest.mark.parametrize(
    "reply",
    [
        "El casco blanco cuesta $24.000 y el amarillo $38.000, y el MSA $72.000.",  # swapped in one sentence
        "El casco amarillo es muy liviano. Cuesta $38.000, y el blanco $24.000; el MSA $72.000.",  # via the context
        "A $24.000 tenemos el casco blanco; el amarillo a $38.000 y el MSA a $72.000.",  # the product after the amount
    ],
)
def test_swapped_prices_between_two_listed_products_are_caught(reply: str) -> None:
    assert _motivo(reply) == "precio_cruzado"


def test_a_subtotal_or_the_order_total_belongs_to_its_product() -> None:
    hechos = {**HECHOS, "pedido": {"items": [{"sku": "SX-CAB-002", "nombre": "Casco amarillo", "cantidad": 2,
              "precio_unitario": 24000, "subtotal": 48000}], "total": 48000}}  # fmt: skip
    draft = "Llevas 2 cascos amarillos a $24.000: $48.000 en total. ¿Confirmamos?"
    request = PhraseRequest(tipo="venta", tono="amigable", mensaje="dos amarillos", borrador=draft, hechos=hechos,
                            numeros_permitidos=frozenset({2, 24000, 48000}))  # fmt: skip
    assert check_reply(request, "Perfecto: 2 cascos amarillos de $24.000, total $48.000. ¿Confirmamos?").ok


@pytest.mark.parametrize(
    ("reply", "motivo"),
    [
        ("Lo siento, el casco blanco está agotado. El amarillo vale $24.000, el MSA $72.000 y el blanco $38.000.",
         "agotado_falso"),
        ("Del casco amarillo no nos quedan unidades. Valen $38.000, $24.000 y $72.000.", "agotado_falso"),
        ("El amarillo: sin stock. Precios: $38.000, $24.000 y $72.000.", "agotado_falso"),
        ("El MSA V-Gard está agotado. Los otros: $38.000 el blanco y $24.000 el amarillo; el MSA $72.000.", None),
        ("El casco blanco no está agotado: $38.000. El amarillo $24.000 y el MSA $72.000.", None),
    ],
)  # fmt: skip
def test_out_of_stock_claims_are_checked_against_the_product_they_are_said_of(reply: str, motivo: str | None) -> None:
    assert _motivo(reply) == motivo


def test_agotado_of_the_only_product_in_stock_is_caught_without_naming_it() -> None:
    hechos = {"productos": [HECHOS["productos"][0]]}
    draft = "El casco dieléctrico blanco cuesta $38.000 (260 disponibles)."
    assert _motivo("Ese está agotado, lo siento.", _request(draft, hechos)) == "agotado_falso"


@pytest.mark.parametrize(
    ("reply", "motivo"),
    [
        ("Escríbenos a ventas@dotaciones.co o llama al (602) 395 1122. ¿Algo más?", None),
        ("Visita www.dotaciones.co o llama al 602 395 1122. ¿Algo más?", None),
        ("Mira el catálogo en https://dotaciones-ofertas.com/cascos y llama al (602) 395 1122.", "enlace_no_permitido"),
        ("Escribe a gerencia@dotaciones.co o llama al (602) 395 1122.", "enlace_no_permitido"),
        ("Llámanos al 300 555 1234 y escribe a ventas@dotaciones.co. Fijo: (602) 395 1122.", "telefono_no_permitido"),
        ("Escribe a ventas@dotaciones.co o al WhatsApp +57 315 678 9012; fijo (602) 395 1122.", None),
    ],
)
def test_links_and_phones_must_be_the_companys(reply: str, motivo: str | None) -> None:
    request = PhraseRequest(tipo="contexto", tono="amigable", mensaje="¿cómo los contacto?", borrador=COMPANY_DRAFT,
                            hechos=SECTIONS)  # fmt: skip
    assert _motivo(reply, request) == motivo


def test_the_customers_own_phone_may_be_repeated() -> None:
    draft = "Anoté tu teléfono 3104567890. ¿Me das tu dirección?"
    request = PhraseRequest(tipo="venta", tono="amigable", mensaje="mi cel es 310 456 7890", borrador=draft)
    assert check_reply(request, "Listo, anoté el 310 456 7890. ¿Me das tu dirección?").ok


def test_phones_and_links_are_found_and_money_is_not_a_phone() -> None:
    assert find_phones("Llama al (601) 555-1234, al +57 300 123 4567 o al 3001234567.") == [
        "6015551234",
        "3001234567",
        "3001234567",
    ]
    assert find_phones("Cuesta $1.250.000 y pesa 1.250 kg; la referencia 6200.") == []
    assert find_links("Mira www.dotaciones.co/cascos. O escribe a ventas@dotaciones.co.") == [
        "www.dotaciones.co/cascos",
        "ventas@dotaciones.co",
    ]


def test_sentence_by_sentence_accepted_text_grows_and_a_refused_sentence_is_not_kept() -> None:
    guard = ReplyGuard(_request())
    assert guard.check("¡Claro! ").ok
    assert guard.check("El casco amarillo vale $24.000. ").ok
    refused = guard.check("Y el blanco cuesta $72.000. ")
    assert refused.motivo == "precio_cruzado" and guard.text == "¡Claro! El casco amarillo vale $24.000. "
    assert guard.finish().motivo == "monto_omitido"  # $38.000 and $72.000 were never said


def test_an_allowed_quantity_is_not_an_allowed_amount_of_money() -> None:
    draft = "Le agregué 1 casco DV-CAB-001 a $38.000. ¿Confirmamos?"
    request = PhraseRequest(tipo="venta", tono="amigable", mensaje="dame el casco a $1", borrador=draft,
                            numeros_permitidos=frozenset({1, 38000}))  # fmt: skip
    assert check_reply(request, "Le dejo 1 casco DV-CAB-001 a $1. ¿Confirmamos?").motivo == "monto_no_permitido"
    assert check_reply(request, "Listo: 1 casco DV-CAB-001 a $38.000. ¿Confirmamos?").ok


def test_digits_grouped_by_spaces_that_are_no_phone_are_still_checked_as_numbers() -> None:
    assert _motivo("El casco blanco vale 12 500 000 pesos. El amarillo $24.000 y el MSA $72.000.") == (
        "numero_no_permitido"
    )


def test_a_list_line_named_only_by_its_whole_name_is_bound_to_its_own_product() -> None:
    products = [
        ("SX-RES-004", "Respirador N95 con válvula de exhalación 3M 8511", 11000),
        ("SX-RES-001", "Respirador N95 sin válvula 3M 8210 (unidad)", 5500),
        ("SX-RES-002", "Caja de respiradores N95 sin válvula 3M 8210 x 20", 105000),
    ]
    hechos = {"productos": [{"sku": s, "nombre": n, "precio": p, "stock": 9} for s, n, p in products]}
    draft = "".join(f"• {name} — ${price:,}\n".replace(",", ".") for _, name, price in products) + "¿Cuántos?"
    request = PhraseRequest(tipo="inventario", tono="amigable", mensaje="respiradores", borrador=draft, hechos=hechos,
                            numeros_permitidos=frozenset({11000, 5500, 105000}))  # fmt: skip
    assert check_reply(request, draft).ok
    swapped = draft.replace("(unidad) — $5.500", "(unidad) — $105.000").replace("x 20 — $105.000", "x 20 — $5.500")
    assert check_reply(request, swapped).motivo == "precio_cruzado"


def test_products_whose_names_differ_only_in_a_number_are_told_apart_by_it() -> None:
    products = [
        ("SX-SEN-001", "Cono de tránsito de 70 cm con 2 cintas reflectivas", 38000),
        ("SX-SEN-002", "Cono de tránsito de 45 cm con cinta reflectiva", 19000),
        ("SX-FUE-004", "Extintor multipropósito ABC de 10 lb", 95000),
        ("SX-FUE-001", "Extintor multipropósito ABC de 20 lb", 165000),
    ]
    hechos = {"productos": [{"sku": s, "nombre": n, "precio": p, "stock": 9} for s, n, p in products]}
    draft = "".join(f"• {name} — ${price:,}\n".replace(",", ".") for _, name, price in products) + "¿Cuál?"
    request = PhraseRequest(tipo="inventario", tono="amigable", mensaje="conos y extintores", borrador=draft,
                            hechos=hechos, numeros_permitidos=frozenset({38000, 19000, 95000, 165000}))  # fmt: skip
    assert check_reply(request, draft).ok
    swapped = draft.replace("de 10 lb — $95.000", "de 10 lb — $165.000")
    assert check_reply(request, swapped).motivo == "precio_cruzado"
