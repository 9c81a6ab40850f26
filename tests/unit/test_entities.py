from __future__ import annotations

import pytest

from agente_vendedor.language.contact_fields import find_address, find_city, find_colombian_id, find_email, find_phone
from agente_vendedor.language.customer_data import extract_customer_data, find_name, mask_customer_data


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cédula 29543876", "29543876"),
        ("cedula 16498321", "16498321"),
        ("CC 1130456987", "1130456987"),
        ("c.c. 94387612", "94387612"),
        ("C.C 80123456", "80123456"),
        ("mi documento es 1.144.567.321", "1144567321"),
        ("identificación: 52345678", "52345678"),
        ("NIT 900641927-7", "900641927-7"),
        ("nit: 900.318.642-1", "900318642-1"),
        ("con NIT 901077215 - 6", "901077215-6"),
        ("somos la empresa 900641927-7", "900641927-7"),
    ],
)
def test_ids(text: str, expected: str) -> None:
    value, error, _ = find_colombian_id(text)
    assert (value, error) == (expected, None)


@pytest.mark.parametrize("text", ["NIT 900641927-3", "cédula 123", "cc 12345678901234"])
def test_invalid_ids_are_reported(text: str) -> None:
    value, error, _ = find_colombian_id(text)
    assert value is None and error


def test_nit_error_names_the_right_digit() -> None:
    _, error, _ = find_colombian_id("NIT 900641927-3")
    assert error is not None and "debería ser 7" in error


def test_bare_ids_only_when_expected() -> None:
    assert find_colombian_id("16498321")[0] is None
    assert find_colombian_id("16498321", allow_bare=True)[0] == "16498321"
    assert find_colombian_id("3158821144", allow_bare=True)[0] is None  # a mobile number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("celular 3158821144", "3158821144"),
        ("cel 3005557788", "3005557788"),
        ("tel 3143332211", "3143332211"),
        ("teléfono 6023310099", "6023310099"),
        ("mi cel es 315 882 1144", "3158821144"),
        ("whatsapp: 318-220-4455", "3182204455"),
        ("tel (602) 395 1122", "6023951122"),
        ("+57 300 111 2233", "3001112233"),
        ("escríbame al 3001112233", "3001112233"),
    ],
)
def test_phones(text: str, expected: str) -> None:
    assert find_phone(text)[:2] == (expected, None)


@pytest.mark.parametrize("text", ["cel 31588211", "tel 318555", "celular 2158821144"])
def test_invalid_phones_are_reported(text: str) -> None:
    value, error, _ = find_phone(text)
    assert value is None and error and "10 dígitos" in error


def test_email() -> None:
    assert find_email("mi correo es Pedro.P@Gmail.com.")[0] == "pedro.p@gmail.com"
    assert find_email("sin correo")[0] is None


@pytest.mark.parametrize(
    ("text", "address", "city"),
    [
        ("dirección Calle 8 # 23-50, Cali", "Calle 8 # 23-50", "Cali"),
        ("direccion Carrera 28 # 72U-40, Cali", "Carrera 28 # 72U-40", "Cali"),
        ("Cra 28 # 72U-40 apto 301, Palmira", "Cra 28 # 72U-40 apto 301", "Palmira"),
        ("Av 3N # 45-18, Cali", "Av 3N # 45-18", "Cali"),
        ("Avenida 3 Norte # 45-18", "Avenida 3 Norte # 45-18", None),
        ("Diagonal 23 # 5-10 Jamundí", "Diagonal 23 # 5-10", "Jamundí"),
        ("transversal 5 sur # 10-20, Cali", "transversal 5 sur # 10-20", "Cali"),
        ("Cl 5 No. 10-20, Yumbo", "Cl 5 No. 10-20", "Yumbo"),
        ("Calle 16 #100-30, Cali", "Calle 16 # 100-30", "Cali"),
        ("Carrera 5 # 12 - 09, Yumbo", "Carrera 5 # 12-09", "Yumbo"),
        ("Kr 9 # 9-99 bodega 2, Candelaria", "Kr 9 # 9-99 bodega 2", "Candelaria"),
        ("envíenlo a la Cra. 5 No. 12-09 en Jamundí", "Cra. 5 No. 12-09", "Jamundí"),
    ],
)
def test_addresses(text: str, address: str, city: str | None) -> None:
    found, found_city, _ = find_address(text)
    assert found == address
    assert found_city == city


def test_no_address_inside_words() -> None:
    assert find_address("quiero pedir 2 pares de tenis")[0] is None


def test_city() -> None:
    assert find_city("vivo en Santiago de Cali") == "Santiago de Cali"
    assert find_city("envío a tulua") == "Tuluá"
    assert find_city("no dice") is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Soy Martha Lucía Orozco, cédula 29543876", "Martha Lucía Orozco"),
        ("mi nombre es Wilmer Angulo", "Wilmer Angulo"),
        ("me llamo Carlos Andrés de los Ríos", "Carlos Andrés de los Ríos"),
        ("Somos Reciclajes Verde Valle S.A.S., NIT 900641927-7", "Reciclajes Verde Valle S.A.S."),
        ("a nombre de Ferretería El Tornillo Ltda. con NIT 900123456-8", "Ferretería El Tornillo Ltda."),
        ("Hola, soy Ana María Gómez. Mi cédula es 52345678", "Ana María Gómez"),
        ("soy juan perez y quiero 3 cascos", "Juan Perez"),
        ("soy Juan de la Cruz Pérez, cc 1234567", "Juan de la Cruz Pérez"),
    ],
)
def test_names(text: str, name: str) -> None:
    assert find_name(text) == name


@pytest.mark.parametrize(
    "text", ["soy alérgico al latex", "Soy de Cali", "soy el encargado de compras", "somos una empresa"]
)
def test_not_names(text: str) -> None:
    assert find_name(text) is None


def test_leading_name_needs_other_fields_or_a_question() -> None:
    assert find_name("Hugo Perea, cédula 10987654", has_other_fields=True) == "Hugo Perea"
    assert find_name("Wilmer Angulo", expecting_name=True) == "Wilmer Angulo"
    assert find_name("Wilmer Angulo") is None
    assert find_name("Perfecto", expecting_name=True) is None
    assert find_name("Muchas gracias", expecting_name=True) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "quiero comprar 3 extintores vehiculares de 5 libras. Soy Martha Lucía Orozco, cédula 29543876, "
            "celular 3158821144, dirección Calle 8 # 23-50, Cali",
            {
                "nombre": "Martha Lucía Orozco", "cedula": "29543876", "telefono": "3158821144",
                "direccion": "Calle 8 # 23-50", "ciudad": "Cali",
            },
        ),
        (
            "Esteban Lozada, CC 1130456987, cel 3005557788, Calle 16 # 100-30, Cali",
            {
                "nombre": "Esteban Lozada", "cedula": "1130456987", "telefono": "3005557788",
                "direccion": "Calle 16 # 100-30", "ciudad": "Cali",
            },
        ),
        (
            "teléfono 6023310099, dirección Carrera 1 # 38-20, Cali",
            {"telefono": "6023310099", "direccion": "Carrera 1 # 38-20", "ciudad": "Cali"},
        ),
        (
            "soy Laura Gil, mi correo es laura@gil.co y mi cel 3001234567",
            {"nombre": "Laura Gil", "email": "laura@gil.co", "telefono": "3001234567"},
        ),
    ],
)  # fmt: skip
def test_customer_data(text: str, expected: dict[str, str]) -> None:
    data = extract_customer_data(text)
    assert data.datos == expected
    assert not data.errores


def test_customer_data_bare_values_when_asked() -> None:
    assert extract_customer_data("16498321", expecting=("cedula",)).datos == {"cedula": "16498321"}
    assert extract_customer_data("3217654400", expecting=("telefono",)).datos == {"telefono": "3217654400"}
    assert extract_customer_data("Wilmer Angulo", expecting=("nombre", "cedula")).datos == {"nombre": "Wilmer Angulo"}
    assert extract_customer_data("de una", expecting=("nombre", "cedula", "telefono", "direccion")).datos == {}


def test_customer_data_errors() -> None:
    data = extract_customer_data("NIT 900641927-3, cel 31588211")
    assert {e.campo for e in data.errores} == {"cedula", "telefono"}
    assert not data.datos


def test_masking_hides_data_from_other_readers() -> None:
    masked = mask_customer_data("Somos Verde Valle S.A.S., NIT 900641927-7, queremos 6 camisas, cel 3001234567")
    assert "Valle" not in masked and "900641927" not in masked and "3001234567" not in masked
    assert "6 camisas" in masked


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Claudia Patricia Marín", "Claudia Patricia Marín"),
        ("María José de la Torre", "María José de la Torre"),
        ("Jhon Jairo Patiño.", "Jhon Jairo Patiño"),
    ],
)
def test_a_bare_capitalised_name_answers_the_full_data_request(text: str, name: str) -> None:
    expecting = ("nombre", "cedula", "telefono", "direccion")
    assert extract_customer_data(text, expecting=expecting).datos == {"nombre": name}


@pytest.mark.parametrize("text", ["Buenas Tardes", "Muchas Gracias", "guantes de vaqueta", "Si Señor", "de la Torre"])
def test_bare_words_that_are_not_a_name(text: str) -> None:
    expecting = ("nombre", "cedula", "telefono", "direccion")
    assert "nombre" not in extract_customer_data(text, expecting=expecting).datos


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Buenas tardes, para la empresa Transportes Risaralda S.A.S., NIT 900774519-6, necesitamos chalecos",
            "Transportes Risaralda S.A.S.",
        ),
        ("les escribo de la empresa Ferreteria El Tornillo Ltda, nit 900774519-6", "Ferreteria El Tornillo Ltda"),
        ("Datos de facturación: Ferretería El Tornillo S.A.S., NIT 901238456-6", "Ferretería El Tornillo S.A.S."),
        ("Cliente: Pedro Pérez, cc 10123456", "Pedro Pérez"),
        ("datos de envio: maria lopez, cel 3104445566", "Maria Lopez"),
    ],
)
def test_company_and_form_style_names(text: str, name: str) -> None:
    assert extract_customer_data(text).datos["nombre"] == name


@pytest.mark.parametrize(
    "text",
    [
        "para la empresa necesitamos 25 jeans",
        "Buenas tardes, para la empresa necesitamos 25 jeans",
        "para la empresa donde trabajo quiero 3 cascos",
    ],
)
def test_company_intro_without_a_proper_name(text: str) -> None:
    assert "nombre" not in extract_customer_data(text).datos


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("dale, cierra el pedido", "dale,"),
        ("ok, procedan con la compra", "ok,"),
        ("confirmo la orden de compra porfa", "porfa"),
        ("finalicemos el pedido", ""),
    ],
)
def test_order_commands_are_not_product_words(text: str, kept: str) -> None:
    from agente_vendedor.conversation.product_requests import _mask_order_commands

    assert _mask_order_commands(text).split() == kept.split()
    assert _mask_order_commands("quiero la chaqueta con cierre").strip() == "quiero la chaqueta con cierre"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("pedro pablo salazar", "Pedro Pablo Salazar"),
        ("maria de los angeles rojas", "Maria de los Angeles Rojas"),
        ("Jhon Jairo", "Jhon Jairo"),
    ],
)
def test_bare_name(text: str, name: str) -> None:
    from agente_vendedor.language.customer_data import bare_name

    assert bare_name(text) == name


@pytest.mark.parametrize(
    "text", ["ok te paso mis datos", "si claro", "gracias", "ya no mas", "cuanto vale", "de la torre"]
)
def test_not_a_bare_name(text: str) -> None:
    from agente_vendedor.language.customer_data import bare_name

    assert bare_name(text) is None


def test_a_leading_name_ends_at_the_next_field_label() -> None:
    data = extract_customer_data("Liliana Duque cc 42111222 tel 3108887766 dirección Calle 45 # 10-10, Pereira")
    assert data.datos["nombre"] == "Liliana Duque"
    assert extract_customer_data("Hernán Ríos cédula 10123456").datos["nombre"] == "Hernán Ríos"
