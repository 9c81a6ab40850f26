"""Customer data in free Spanish text: labelled names, company legal names, NITs, rural and industrial addresses,
masking, and what is never customer data."""

from __future__ import annotations

import pytest

from agente_vendedor.language.colombian_ids import (
    nit_check_digit,
    parse_colombian_id,
    parse_nit,
    parse_unlabelled_id,
    split_check_digit,
)
from agente_vendedor.language.contact_fields import find_address, find_colombian_id
from agente_vendedor.language.customer_data import (
    bare_name,
    extract_customer_data,
    find_name,
    find_name_span,
    mask_customer_data,
)
from agente_vendedor.language.phones import looks_like_phone
from agente_vendedor.language.quantities import find_quantities

FULL_REQUEST = ("nombre", "cedula", "telefono", "direccion")


# ------------------------------------------------------------------------------------------------ labelled names
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("nombre Pedro Pablo Gómez, cédula 80123456", "Pedro Pablo Gómez"),
        ("Nombre: Pedro Pablo Gómez", "Pedro Pablo Gómez"),
        ("nombre:Pedro Pablo Gómez", "Pedro Pablo Gómez"),
        ("NOMBRE - Pedro Pablo Gómez", "Pedro Pablo Gómez"),
        ("Nombre completo Luisa Fernanda Rincón", "Luisa Fernanda Rincón"),
        ("nombre completo: Luisa Fernanda Rincón, cel 3001234567", "Luisa Fernanda Rincón"),
        ("el nombre del cliente es Hernando Salcedo", "Hernando Salcedo"),
        ("me llamo Gloria Amparo Ceballos", "Gloria Amparo Ceballos"),
        ("Me llamo gloria amparo ceballos", "Gloria Amparo Ceballos"),
        ("mi nombre es Óscar Iván Arboleda", "Óscar Iván Arboleda"),
        ("mi nombre completo es Diana Marcela Ospina Duque", "Diana Marcela Ospina Duque"),
        ("soy Yesid Murillo", "Yesid Murillo"),
        ("Buenas, soy Yesid Murillo y necesito botas", "Yesid Murillo"),
        ("la factura a nombre de Ricardo Enrique Bolaños", "Ricardo Enrique Bolaños"),
        ("a nombre de Ricardo Bolaños por favor", "Ricardo Bolaños"),
        ("quien recibe: Jorge Iván Mejía", "Jorge Iván Mejía"),
        ("Quien recibe es Jorge Iván Mejía", "Jorge Iván Mejía"),
        ("recibe: Jorge Iván Mejía", "Jorge Iván Mejía"),
        ("le habla Carolina Restrepo", "Carolina Restrepo"),
    ],
)
def test_labelled_names(text: str, name: str) -> None:
    assert find_name(text) == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("me llamo Ana María de la Pava", "Ana María de la Pava"),
        ("nombre: José del Carmen Ortiz", "José del Carmen Ortiz"),
        ("mi nombre es Luz Dary de las Mercedes Caicedo", "Luz Dary de las Mercedes Caicedo"),
        ("soy Manuel de Jesús Rivas", "Manuel de Jesús Rivas"),
        ("nombre Camilo de los Ríos", "Camilo de los Ríos"),
    ],
)
def test_names_with_particles(text: str, name: str) -> None:
    assert find_name(text) == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("nombre pedro pablo gómez, cédula 80123456", "Pedro Pablo Gómez"),
        ("mi nombre es andrea carolina vélez", "Andrea Carolina Vélez"),
        ("me llamo jhon jairo castaño", "Jhon Jairo Castaño"),
        ("soy wilmer angulo", "Wilmer Angulo"),
        ("soy maria lopez y quiero 2 pares de botas", "Maria Lopez"),
        ("a nombre de luis fernando ortiz", "Luis Fernando Ortiz"),
        ("quien recibe: sandra milena rojas", "Sandra Milena Rojas"),
        ("nombre: maria del pilar gomez", "Maria del Pilar Gomez"),
    ],
)
def test_names_typed_in_lower_case(text: str, name: str) -> None:
    assert find_name(text) == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("nombre Pedro Gómez, cc 80123456", "Pedro Gómez"),
        ("nombre Pedro Gómez cc 80123456", "Pedro Gómez"),
        ("nombre Pedro Gómez C.C. 80123456", "Pedro Gómez"),
        ("soy Pedro Gómez identificado con cédula 80123456", "Pedro Gómez"),
        ("me llamo Pedro Gómez, identificado con CC 80123456", "Pedro Gómez"),
        ("soy pedro gomez identificado con cc 80123456", "Pedro Gomez"),
        ("nombre Pedro Gómez cel 3104567890", "Pedro Gómez"),
        ("nombre Pedro Gómez. Necesito factura", "Pedro Gómez"),
        ("nombre Pedro Gómez de Cali", "Pedro Gómez"),
    ],
)
def test_a_name_ends_where_the_next_field_begins(text: str, name: str) -> None:
    assert extract_customer_data(text).datos["nombre"] == name


# ------------------------------------------------------------------------------------------------ companies
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("la razón social es Montajes Eléctricos del Norte S.A.S., NIT 900123456", "Montajes Eléctricos del Norte S.A.S."),
        ("razón social: Extintores y Redes S.A.S.", "Extintores y Redes S.A.S."),
        ("Razón social Ferretería La Llave Ltda., nit 901234567-7", "Ferretería La Llave Ltda."),
        ("razon social: montajes electricos del norte sas", "Montajes Electricos del Norte SAS"),
        ("empresa: Andamios del Pacífico S.A.", "Andamios del Pacífico S.A."),
        ("empresa Andamios del Pacífico SAS, NIT 830045678-8", "Andamios del Pacífico SAS"),
        ("a nombre de la empresa Montacargas del Sur S.A.S.", "Montacargas del Sur S.A.S."),
        ("factura a nombre de Soldaduras Quintero & Cía", "Soldaduras Quintero & Cía"),
        ("a nombre de Quintero y Cía. Ltda.", "Quintero y Cía. Ltda."),
        ("a nombre de Distribuciones Ortiz E.U.", "Distribuciones Ortiz E.U."),
        ("a nombre de Acueducto Regional S.A. E.S.P.", "Acueducto Regional S.A. E.S.P."),
        ("a nombre de Pinturas Arcoíris S. A. S.", "Pinturas Arcoíris S. A. S."),
        ("nombre de la empresa: Transportes Cañaveral SAS", "Transportes Cañaveral SAS"),
        ("somos Metalmecánica Pérez & Hijos", "Metalmecánica Pérez & Hijos"),
    ],
)  # fmt: skip
def test_company_legal_names(text: str, name: str) -> None:
    assert find_name(text) == name


def test_razon_social_with_nit_gives_both() -> None:
    data = extract_customer_data("la razón social es Montajes Eléctricos del Norte S.A.S., NIT 900123456")
    assert data.datos == {"nombre": "Montajes Eléctricos del Norte S.A.S.", "cedula": "900123456-8"}
    assert parse_colombian_id(data.datos["cedula"]).tipo_cliente == "empresa"


# ------------------------------------------------------------------------------------------------ NIT
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NIT 900.123.456-8", "900123456-8"),
        ("nit 900123456-8", "900123456-8"),
        ("NIT: 900 123 456 - 8", "900123456-8"),
        ("NIT 9001234568", "900123456-8"),  # the last digit is the DIAN check digit
        ("nit 901234567 dv 7", "901234567-7"),
        ("NIT 901234567 DV: 7", "901234567-7"),
        ("NIT 901234567, d.v. 7", "901234567-7"),
        ("nit 901234567 digito de verificacion 7", "901234567-7"),
        ("NIT 901.234.567 dígito de verificación 7", "901234567-7"),
        ("NIT 901234567 7", "901234567-7"),
        ("NIT 830045678", "830045678-8"),  # labelled body alone: the check digit is computed
        ("RUT 860512340", "860512340-7"),
        ("somos 8600512340", None),  # no label: not an id at all
        ("la empresa 830045678-8 compra", "830045678-8"),
        ("con 830045678 dv 8", "830045678-8"),
    ],
)
def test_nits(text: str, expected: str | None) -> None:
    value, error, _ = find_colombian_id(text)
    assert (value, error) == (expected, None)


@pytest.mark.parametrize(
    ("text", "right"),
    [
        ("NIT 900123456-7", "8"),
        ("nit 901234567 dv 3", "7"),
        ("NIT 901234567 digito de verificacion 1", "7"),
        ("NIT 9012345671", "7"),  # ten digits after "NIT": the last one is the check digit, and it is wrong
    ],
)
def test_a_wrong_check_digit_is_a_clear_error(text: str, right: str) -> None:
    value, error, span = find_colombian_id(text)
    assert value is None and error is not None
    assert f"debería ser {right}" in error and "dígito de verificación" in error
    assert span is not None and span[1] == len(text)  # all of it is masked
    data = extract_customer_data(text)
    assert [e.campo for e in data.errores] == ["cedula"] and "cedula" not in data.datos


def test_bare_ten_digit_nit_when_the_id_is_asked() -> None:
    assert extract_customer_data("9001234568", expecting=("cedula",)).datos == {"cedula": "900123456-8"}
    assert extract_customer_data("9001234561", expecting=("cedula",)).datos == {"cedula": "9001234561"}  # a cédula
    assert extract_customer_data("1144567321", expecting=("cedula",)).datos == {"cedula": "1144567321"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("documento 9001234568", "900123456-8"),
        ("identificación: 9001234568", "900123456-8"),
        ("cc 9001234568", "9001234568"),  # called a cédula: kept as given
        ("cédula 1144567321", "1144567321"),
    ],
)
def test_a_neutral_label_lets_the_check_digit_tell_a_nit(text: str, expected: str) -> None:
    assert find_colombian_id(text)[0] == expected


def test_an_unlabelled_nine_digit_number_is_not_completed() -> None:
    assert find_colombian_id("cédula 900123456")[0] == "900123456"
    assert find_colombian_id("900123456", allow_bare=True)[0] == "900123456"


@pytest.mark.parametrize(
    "text",
    ["cel 3104567890", "celular 3104567890", "mi celular es 3104567890", "whatsapp 3001234567", "tel 6023951122"],
)
def test_a_ten_digit_number_after_cel_is_a_phone(text: str) -> None:
    data = extract_customer_data(text, expecting=FULL_REQUEST)
    assert "cedula" not in data.datos and not data.errores
    assert data.datos["telefono"] == text.split()[-1]


def test_nit_and_phone_together() -> None:
    data = extract_customer_data("NIT 830045678-8 celular 3104567890")
    assert data.datos == {"cedula": "830045678-8", "telefono": "3104567890"}


def test_a_blank_after_a_cedula_is_not_a_check_digit() -> None:
    value, _, span = find_colombian_id("cc 80123456 2 cascos")
    assert value == "80123456" and span == (0, 11)


def test_check_digit_helpers() -> None:
    assert split_check_digit("9001234568") == ("900123456", "8")
    assert split_check_digit("9001234567") is None
    assert split_check_digit("1144567321") is None
    assert parse_nit("900123456").number == f"900123456-{nit_check_digit('900123456')}"
    assert parse_nit("900123456", "8").number == "900123456-8"
    assert parse_nit("16498321").number == "16498321"  # a person's NIT is their cédula
    assert parse_unlabelled_id("9001234568").number == "900123456-8"
    assert parse_unlabelled_id("9001234561").number == "9001234561"
    assert parse_unlabelled_id("1061789234").kind == "cedula"
    assert parse_colombian_id("9001234568").number == "9001234568"  # the API keeps a cédula as given
    assert looks_like_phone("3104567890") and looks_like_phone("6023951122") and not looks_like_phone("9001234568")


# ------------------------------------------------------------------------------------------------ addresses
@pytest.mark.parametrize(
    ("text", "address", "city"),
    [
        ("Mz 4 Casa 12 barrio Los Almendros", "Mz 4 Casa 12 barrio Los Almendros", None),
        ("mz 4 casa 12 barrio los almendros, Jamundí", "mz 4 casa 12 barrio los almendros", "Jamundí"),
        ("Manzana B casa 7", "Manzana B casa 7", None),
        ("Manzana B casa 7, Tuluá", "Manzana B casa 7", "Tuluá"),
        ("Mz. C lote 3 urbanización El Refugio en Palmira", "Mz. C lote 3 urbanización El Refugio", "Palmira"),
        ("Km 5 vía Cali-Candelaria", "Km 5 vía Cali-Candelaria", None),
        ("km 5 via Cali-Candelaria, Candelaria", "km 5 via Cali-Candelaria", "Candelaria"),
        ("kilómetro 3 vía al mar", "kilómetro 3 vía al mar", None),
        ("Km 18 vía a Jamundí", "Km 18 vía a Jamundí", None),
        ("Vereda El Placer, finca La Esperanza", "Vereda El Placer, finca La Esperanza", None),
        ("vereda la cristalina finca el recreo, Dagua", "vereda la cristalina finca el recreo", "Dagua"),
        ("finca Los Guaduales, corregimiento La Buitrera, Cali", "finca Los Guaduales, corregimiento La Buitrera", "Cali"),
        ("Lote 8 Parque Industrial La Dolores, Palmira", "Lote 8 Parque Industrial La Dolores", "Palmira"),
        ("Bodega 14 Zona Franca", "Bodega 14 Zona Franca", None),
        ("bodega 14 zona franca del pacifico, Palmira", "bodega 14 zona franca del pacifico", "Palmira"),
        ("Local 205 Centro Comercial Unicentro, Cali", "Local 205 Centro Comercial Unicentro", "Cali"),
        ("Calle 5 # 4-30 barrio San Fernando, Cali", "Calle 5 # 4-30 barrio San Fernando", "Cali"),
        ("Cra 12 # 34-56 Pereira", "Cra 12 # 34-56", "Pereira"),
        ("Carrera 7 # 10-20 conjunto Los Pinos casa 3, Yumbo", "Carrera 7 # 10-20 conjunto Los Pinos casa 3", "Yumbo"),
    ],
)  # fmt: skip
def test_addresses_beyond_the_street_grid(text: str, address: str, city: str | None) -> None:
    assert find_address(text)[:2] == (address, city)


def test_an_address_with_a_known_city_at_its_end() -> None:
    data = extract_customer_data("dirección: Mz 4 casa 12 barrio Los Almendros Cali")
    assert data.datos == {"direccion": "Mz 4 casa 12 barrio Los Almendros", "ciudad": "Cali"}


@pytest.mark.parametrize(
    "text",
    [
        "necesito botas para la finca",
        "botas de caucho para trabajar en finca cafetera",
        "un lote de 20 guantes",
        "tienen bodega en Cali?",
        "la oficina 3 necesita extintores",
        "el casco para la obra del km 5",
        "quiero guantes para la casa",
        "manzana de cascos",
    ],
)
def test_no_address_in_ordinary_requests(text: str) -> None:
    assert find_address(text)[0] is None


# ------------------------------------------------------------------------------------------------ whole messages
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mis datos: nombre Pedro Pablo Gómez, cédula 80123456, celular 3104567890, dirección Cra 12 # 34-56 Pereira",
            {
                "nombre": "Pedro Pablo Gómez", "cedula": "80123456", "telefono": "3104567890",
                "direccion": "Cra 12 # 34-56", "ciudad": "Pereira",
            },
        ),
        (
            "cédula 80123456; nombre Pedro Pablo Gómez; dirección Cra 12 # 34-56, Pereira; celular 3104567890",
            {
                "nombre": "Pedro Pablo Gómez", "cedula": "80123456", "telefono": "3104567890",
                "direccion": "Cra 12 # 34-56", "ciudad": "Pereira",
            },
        ),
        (
            "celular 3104567890\nnombre: Pedro Pablo Gómez\ncc: 80123456\ndirección: Mz 4 casa 12 barrio Los Almendros",
            {
                "nombre": "Pedro Pablo Gómez", "cedula": "80123456", "telefono": "3104567890",
                "direccion": "Mz 4 casa 12 barrio Los Almendros",
            },
        ),
        (
            "razón social: Extintores y Redes S.A.S. con NIT 901234567 dv 7 tel 6023951122 Bodega 14 Zona Franca, Palmira",
            {
                "nombre": "Extintores y Redes S.A.S.", "cedula": "901234567-7", "telefono": "6023951122",
                "direccion": "Bodega 14 Zona Franca", "ciudad": "Palmira",
            },
        ),
        (
            "quien recibe: Jorge Iván Mejía, cel 3157778899, Km 5 vía Cali-Candelaria",
            {"nombre": "Jorge Iván Mejía", "telefono": "3157778899", "direccion": "Km 5 vía Cali-Candelaria"},
        ),
        (
            "me llamo sandra rojas cc 1144567321 vivo en la vereda El Placer, finca La Esperanza, Dagua",
            {
                "nombre": "Sandra Rojas", "cedula": "1144567321",
                "direccion": "vereda El Placer, finca La Esperanza", "ciudad": "Dagua",
            },
        ),
    ],
)  # fmt: skip
def test_labelled_fields_in_any_order(text: str, expected: dict[str, str]) -> None:
    data = extract_customer_data(text)
    assert data.datos == expected
    assert not data.errores


# ------------------------------------------------------------------------------------------------ no false positives
@pytest.mark.parametrize(
    "text",
    [
        "quiero 2 cascos clase E",
        "talla 42",
        "respirador 6200",
        "extintor de 20 libras",
        "el de 10 libras",
        "cotización para 15 overoles",
        "soy alérgico al látex",
        "soy alergico al latex",
        "soy electricista",
        "Soy electricista y necesito guantes",
        "soy soldador",
        "soy técnico de mantenimiento",
        "soy tecnico electricista",
        "soy nuevo cliente",
        "soy contratista de la obra",
        "soy paisa",
        "a nombre de quién sale la factura?",
        "¿A nombre de quién hago la factura?",
        "¿qué nombre tiene el casco?",
        "nombre del producto?",
        "para la empresa necesitamos 25 jeans",
        "somos una constructora",
        "la empresa es grande",
        "empresa de montacargas",
        "necesito un montacargas del sur del país",
        "botas talla 40 y 42",
        "casco 3M H-700",
        "guantes de nitrilo calibre 8 caja x 100",
    ],
)
def test_no_customer_data_in_ordinary_messages(text: str) -> None:
    assert extract_customer_data(text).datos == {}
    assert extract_customer_data(text, expecting=FULL_REQUEST).datos == {}
    assert mask_customer_data(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [("perfecto entonces", None), ("ingeniero civil", None), ("casco blanco", None), ("rosa castro", None)],
)
def test_a_bare_name_needs_a_name_in_it(text: str, expected: str | None) -> None:
    assert bare_name(text) == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [("Wilmer Angulo", "Wilmer Angulo"), ("luisa rincon", "Luisa Rincon"), ("Natalia Ortiz", "Natalia Ortiz")],
)
def test_a_bare_name_still_answers_the_question(text: str, name: str) -> None:
    assert bare_name(text) == name


def test_a_lower_case_leading_run_is_a_name_only_when_it_reads_as_one() -> None:
    assert find_name("maria lopez, cc 10123456", has_other_fields=True) == "Maria Lopez"
    assert find_name("guantes nitrilo, cc 10123456", has_other_fields=True) is None


# ------------------------------------------------------------------------------------------------ masking
@pytest.mark.parametrize(
    ("text", "hidden", "kept"),
    [
        (
            "a nombre de Montacargas del Sur S.A.S. con NIT 830045678-8, necesito 4 cascos",
            ["Montacargas", "830045678"],
            "necesito 4 cascos",
        ),
        (
            "razón social: Extintores y Redes S.A.S., quiero 3 chalecos",
            ["Extintores", "Redes"],
            "quiero 3 chalecos",
        ),
        (
            "la empresa es Montacargas del Sur SAS y queremos 10 pares de botas",
            ["Montacargas", "Sur"],
            "queremos 10 pares de botas",
        ),
        ("nombre Pedro Pablo Gómez, cel 3104567890, 2 arneses", ["Pedro", "Gómez", "3104567890"], "2 arneses"),
        ("soy Gloria Ceballos, gloria@obra.co, 5 botas", ["Gloria", "obra.co"], "5 botas"),
        ("enviar a Km 5 vía Cali-Candelaria bodega 3, 6 conos", ["Km 5", "Candelaria", "bodega 3"], "6 conos"),
        ("Mz 4 Casa 12 barrio Los Almendros, 2 extintores", ["Mz 4", "Casa 12", "Almendros"], "2 extintores"),
        ("NIT 901234567 dv 7, 8 overoles", ["901234567", "dv 7"], "8 overoles"),
        ("Lote 8 Parque Industrial La Dolores: 12 señales", ["Lote 8", "Dolores"], "12 señales"),
    ],
)
def test_masking_hides_every_field(text: str, hidden: list[str], kept: str) -> None:
    masked = mask_customer_data(text)
    assert len(masked) == len(text)
    for part in hidden:
        assert part not in masked
    assert kept in masked


@pytest.mark.parametrize(
    ("text", "quantities"),
    [
        ("NIT 901234567 dv 7, 8 overoles", [8]),
        ("Mz 4 Casa 12 barrio Los Almendros, 2 extintores", [2]),
        ("Km 5 vía al mar, quiero 3 cascos", [3]),
        ("cc 80123456, cel 3104567890, 6 pares de guantes", [6]),
        ("Bodega 14 Zona Franca, 20 conos", [20]),
        ("Manzana B casa 7, 4 botiquines", [4]),
        ("NIT 901234567 7 y 5 arneses", [5]),
    ],
)
def test_numbers_in_customer_data_are_never_quantities(text: str, quantities: list[int]) -> None:
    assert [q.value for q in find_quantities(mask_customer_data(text)) if q.explicit] == quantities


def test_the_name_span_covers_the_label_and_the_name() -> None:
    text = "hola, a nombre de la empresa Montacargas del Sur S.A.S. por favor"
    found = find_name_span(text)
    assert found is not None
    name, (start, end) = found
    assert name == "Montacargas del Sur S.A.S."
    assert text[start:end] == "a nombre de la empresa Montacargas del Sur S.A.S."


def test_expected_name_still_read_from_a_bare_reply() -> None:
    assert extract_customer_data("Pedro Pablo Gómez", expecting=FULL_REQUEST).datos == {"nombre": "Pedro Pablo Gómez"}
    assert extract_customer_data("Casco Blanco", expecting=FULL_REQUEST).datos == {}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("a nombre de mi esposa Martha Ruiz", "Martha Ruiz"),
        ("quien recibe es mi hermano Julián Ocampo", "Julián Ocampo"),
        ("cel 3001234567, recibe Pedro Gómez", "Pedro Gómez"),
        ("nombre de contacto Juan Pérez", "Juan Pérez"),
        ("Mis datos: Pedro Gómez, cc 80123456", "Pedro Gómez"),
        ("mis datos son: pedro gomez, cc 80123456", "Pedro Gomez"),
    ],
)
def test_more_labels(text: str, name: str) -> None:
    assert extract_customer_data(text).datos["nombre"] == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Soy ingeniera de seguridad de Constructora Bolívar S.A.S., necesito arneses", "Constructora Bolívar S.A.S."),
        ("Soy de Montacargas del Sur S.A.S. y necesito extintores", "Montacargas del Sur S.A.S."),
        ("trabajo con Extintores y Redes Ltda. y pido 3 conos", "Extintores y Redes Ltda."),
    ],
)
def test_a_legal_form_tells_a_company_without_a_label(text: str, name: str) -> None:
    assert extract_customer_data(text).datos["nombre"] == name
    assert name not in mask_customer_data(text)


def test_a_company_beside_a_person_is_masked_too() -> None:
    text = "soy Pedro Gómez de Montacargas del Sur S.A.S., necesito 2 cascos"
    data = extract_customer_data(text)
    assert data.datos["nombre"] == "Pedro Gómez"
    masked = mask_customer_data(text)
    assert "Montacargas" not in masked and "Pedro" not in masked and "2 cascos" in masked


@pytest.mark.parametrize(
    "text",
    [
        "a nombre de mi esposa",
        "listo, factura a nombre mío",
        "sí, a nombre de la empresa",
        "¿necesitan nombre y cédula?",
        "Nombre y cédula ya se los di",
        "soy yo",
        "quien recibe el pedido es mi hermano",
        "mis datos son los mismos",
        "fabricado en E.U. con certificación",
        "somos 5 operarios",
        "habla inglés?",
        "el cliente es nuevo",
        "envíenlo a la finca de mi papá",
        "vivo en la vereda",
    ],
)
def test_labels_without_a_name(text: str) -> None:
    assert extract_customer_data(text).datos == {}


@pytest.mark.parametrize(
    ("text", "address", "city"),
    [
        ("calle 5 # 4-30 casa 2 barrio el centro, cali", "calle 5 # 4-30 casa 2 barrio el centro", "Cali"),
        ("calle 5 # 4-30 barrio el jardin cali", "calle 5 # 4-30 barrio el jardin", "Cali"),
        ("av 6n # 23-45 edificio la merced apto 502", "av 6n # 23-45 edificio la merced apto 502", None),
        ("Oficina 301 Torre Empresarial, Bogotá", "Oficina 301 Torre Empresarial", "Bogotá"),
        ("cll 10 # 5-20 y necesito 3 cascos", "cll 10 # 5-20", None),
        ("vivo en la vereda El Placer y necesito botas", "vereda El Placer", None),
    ],
)
def test_lower_case_and_embedded_addresses(text: str, address: str, city: str | None) -> None:
    assert find_address(text)[:2] == (address, city)


@pytest.mark.parametrize(
    "text", ["me llamó ayer el asesor", "mi nombre es importante para la factura", "nombre completo, por favor"]
)
def test_a_form_label_still_needs_a_name_after_it(text: str) -> None:
    assert find_name(text) is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("buenas, somos Finca Ganadera El Retiro S.A.S., NIT 900123456-8", "Finca Ganadera El Retiro S.A.S."),
        ("hablas con Hacienda La Pradera Ltda., necesitamos botas", "Hacienda La Pradera Ltda."),
    ],
)
def test_a_company_named_like_a_rural_place_is_a_name_not_an_address(text: str, name: str) -> None:
    data = extract_customer_data(text).datos
    assert data.get("nombre") == name
    assert "direccion" not in data


def test_a_city_inside_a_company_name_is_part_of_it_but_not_after_de() -> None:
    assert extract_customer_data("somos Distribuciones La Pradera S.A.S.").datos["nombre"] == (
        "Distribuciones La Pradera S.A.S."
    )
    assert extract_customer_data("soy Pedro Gómez de Cali, cc 1234567").datos["nombre"] == "Pedro Gómez"


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("dirección Km 7 vía Sogamoso - Aquitania, bodega 4", "Km 7 vía Sogamoso - Aquitania, bodega 4"),
        ("Km 12 vía Girardot - Tocaima", "Km 12 vía Girardot - Tocaima"),
    ],
)
def test_a_road_between_two_places_written_with_a_dash(text: str, address: str) -> None:
    assert extract_customer_data(text).datos["direccion"] == address


def test_a_name_after_a_yes_and_a_full_stop() -> None:
    data = extract_customer_data("bueno dale. Marta Lucía Pérez Ruiz, cc 52123456, cel 3001234567").datos
    assert data["nombre"] == "Marta Lucía Pérez Ruiz"


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (
            "Distribuidora La Ceiba, NIT 900123456-1, Avenida Los Próceres # 14-220, Ibagué",
            "Avenida Los Próceres # 14-220",
        ),
        ("entregar en Anillo Vial Norte No. 8-15 bodega 3", "Anillo Vial Norte No. 8-15 bodega 3"),
        ("Troncal del Caribe # 30-12, Ciénaga", "Troncal del Caribe # 30-12"),
        ("Gustavo Rey, cc 79111222, cel 3125550000, vía La Mesa km 7", "vía La Mesa km 7"),
        (
            "carretera a Puerto Boyacá kilómetro 12, finca El Recreo",
            "carretera a Puerto Boyacá kilómetro 12, finca El Recreo",
        ),
    ],
)
def test_named_streets_and_roads_with_their_kilometre(text: str, address: str) -> None:
    assert find_address(text)[0] == address


@pytest.mark.parametrize(
    "text", ["la vía está mala, son 3 km de trocha", "quiero 3 cascos para la avenida principal", "calle sin número"]
)
def test_a_way_without_a_plate_or_kilometre_is_no_address(text: str) -> None:
    assert find_address(text)[0] is None


@pytest.mark.parametrize("separator", [" – ", " — ", " / ", " | "])
def test_a_name_ends_at_a_dash_a_slash_or_a_bar(separator: str) -> None:
    text = separator.join(["Rosa Elvira Cáceres", "CC 52.123.456", "3104567788", "Carrera 8 # 17-44, Tunja"])
    assert extract_customer_data(text).datos["nombre"] == "Rosa Elvira Cáceres"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Cooperativa de Lecheros de Guachucal, NIT 800123456-1, cel 3104445566, Calle 4 # 5-20, Guachucal",
            "Cooperativa de Lecheros de Guachucal",
        ),
        ("Hospital San Rafael de Pasto, nit 891200528-8, cel 3104445566", "Hospital San Rafael de Pasto"),
    ],
)
def test_an_organisation_keeps_its_town_in_its_name(text: str, name: str) -> None:
    assert extract_customer_data(text).datos["nombre"] == name


def test_a_name_given_as_a_nombre_mio() -> None:
    data = extract_customer_data("mándeme 3 pares, a nombre mío Jairo Alirio Pantoja, cédula 1087456211").datos
    assert data["nombre"] == "Jairo Alirio Pantoja"


@pytest.mark.parametrize(
    ("text", "address", "city"),
    [
        ("Avenida La Ribera manzana 9 casa 3, Tumaco", "Avenida La Ribera manzana 9 casa 3", "Tumaco"),
        ("Calle Real mz B lote 3, Soledad", "Calle Real mz B lote 3", "Soledad"),
    ],
)
def test_a_named_street_numbered_by_block_is_an_address_not_a_name(text: str, address: str, city: str) -> None:
    data = extract_customer_data(text).datos
    assert (data.get("direccion"), data.get("ciudad"), data.get("nombre")) == (address, city, None)
