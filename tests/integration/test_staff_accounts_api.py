"""Staff accounts over HTTP (contract §2): login, throttling, `GET /auth/yo`, admin-only user management, revocation
within the cache's lifetime, the chat with each role, audit events by usuario and the `/logs/` filters."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text, update

from agente_vendedor.core.settings import get_settings
from agente_vendedor.db.engine import session_scope
from agente_vendedor.db.models import AuditEvent, LoginThrottle, StaffAccount
from agente_vendedor.staff import authentication
from tests.conftest import STAFF, aws_from_template
from tests.e2e.contract_helpers import assert_spanish_error
from tests.integration.chat_setup import CATALOG, KNOWN_CUSTOMER
from tests.integration.staff_setup import PASSWORD, create_user, login

pytestmark = pytest.mark.integration


@pytest.fixture
def client(db: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    from agente_vendedor.api.app import create_app

    with aws_from_template("WS_ENDPOINT_URL"):
        yield TestClient(create_app())


def _login(client: TestClient, usuario: str, clave: str = PASSWORD, address: str = "testclient") -> Any:
    client_with_address = TestClient(client.app, client=(address, 50000))
    return client_with_address.post("/auth/", json={"usuario": usuario, "clave": clave})


def _events(client: TestClient, **filters: str) -> list[dict[str, Any]]:
    response = client.get("/logs/", params=filters, headers=STAFF)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


# --- login --------------------------------------------------------------------------------------------------------


def test_login_gives_a_short_lived_token_and_yo_says_who_it_is(client: TestClient) -> None:
    create_user(client, "Ana.Gomez", "ventas", nombre="Ana Gómez")
    before = datetime.now(UTC)
    response = _login(client, " ANA.gomez ")
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"token", "expira_en", "usuario", "rol"}
    assert (body["usuario"], body["rol"]) == ("ana.gomez", "ventas")
    expires = datetime.fromisoformat(body["expira_en"])
    assert before + timedelta(minutes=59) <= expires <= before + timedelta(hours=1, minutes=1)
    me = client.get("/auth/yo", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200, me.text
    assert me.json() == {
        "usuario": "ana.gomez",
        "nombre": "Ana Gómez",
        "rol": "ventas",
        "areas": ["chats", "clientes", "exportes", "metricas", "panel", "pedidos", "ventas"],
        "expira_en": body["expira_en"],
    }
    with session_scope() as session:
        stored = session.scalars(select(StaffAccount.clave_hash)).one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_the_break_glass_token_is_an_admin(client: TestClient) -> None:
    me = client.get("/auth/yo", headers=STAFF)
    assert me.status_code == 200
    assert me.json()["rol"] == "admin" and me.json()["usuario"] == "token:admin" and me.json()["expira_en"] is None


def test_a_wrong_password_and_an_unknown_user_get_the_same_401(client: TestClient) -> None:
    create_user(client, "luis", "inventario")
    wrong = _login(client, "luis", "otra-clave-cualquiera")
    unknown = _login(client, "nadie", PASSWORD)
    for response in (wrong, unknown):
        assert_spanish_error(response, 401)
        assert response.json() == {"detail": "El usuario o la clave no son correctos."}
        assert response.headers["www-authenticate"] == "Bearer"
        assert "token" not in response.text


def test_a_disabled_account_cannot_log_in(client: TestClient) -> None:
    create_user(client, "luis", "inventario")
    assert client.patch("/usuarios/luis", json={"activo": False}, headers=STAFF).status_code == 200
    assert _login(client, "luis").status_code == 401


def test_repeated_failures_of_a_usuario_are_throttled_in_the_database(client: TestClient) -> None:
    create_user(client, "ana", "ventas")
    limit = get_settings().login_max_failures_per_user
    for attempt in range(limit):
        assert _login(client, "ana", f"adivinanza-{attempt}").status_code == 401
    locked = _login(client, "ana")  # even the right password, while locked
    assert_spanish_error(locked, 429)
    assert "Demasiados intentos" in locked.json()["detail"] and "minutos" in locked.json()["detail"]
    assert 0 < int(locked.headers["retry-after"]) <= get_settings().login_lockout_s
    assert _login(client, "ANA", "otra").status_code == 429  # the same usuario, however written
    with session_scope() as session:  # kept where every container sees it
        lock = session.get(LoginThrottle, "usuario:ana")
        assert lock is not None and lock.bloqueado_hasta is not None
        session.execute(update(LoginThrottle).values(bloqueado_hasta=datetime.now(UTC) - timedelta(seconds=1)))
    assert _login(client, "ana").status_code == 200  # the lock is over
    assert _login(client, "ana", "mal").status_code == 401  # and a success started the count again


def test_repeated_failures_from_one_address_are_throttled_for_every_usuario(client: TestClient) -> None:
    create_user(client, "ana", "ventas")
    for attempt in range(get_settings().login_max_failures_per_ip):
        assert _login(client, f"usuario-{attempt}", "x", address="203.0.113.9").status_code == 401
    assert _login(client, "ana", address="203.0.113.9").status_code == 429
    assert _login(client, "ana", address="198.51.100.7").status_code == 200  # another address is not locked


@pytest.mark.parametrize(
    "body",
    [{}, {"usuario": "ana"}, {"clave": "x"}, {"usuario": "", "clave": "x"}, {"usuario": "a" * 65, "clave": "x"}],
)
def test_a_malformed_login_is_a_422(client: TestClient, body: dict[str, str]) -> None:
    assert client.post("/auth/", json=body).status_code == 422


# --- user management (admin only) ---------------------------------------------------------------------------------


def test_an_admin_creates_lists_and_changes_accounts(client: TestClient) -> None:
    create_user(client, "jefa", "admin")
    admin = login(client, "jefa")
    created = client.post(
        "/usuarios/",
        json={"usuario": "Pedro", "nombre": "Pedro Ruiz", "rol": "inventario", "clave": "una clave segura"},
        headers=admin,
    )
    assert created.status_code == 201, created.text
    assert created.json().items() >= {"usuario": "pedro", "nombre": "Pedro Ruiz", "rol": "inventario"}.items()
    assert "clave" not in created.text and "hash" not in created.text
    listing = client.get("/usuarios/", headers=admin).json()
    assert [u["usuario"] for u in listing["items"]] == ["jefa", "pedro"] and listing["total"] == 2
    changed = client.patch("/usuarios/pedro", json={"rol": "ventas"}, headers=admin)
    assert changed.status_code == 200 and changed.json()["rol"] == "ventas"
    assert _login(client, "pedro", "una clave segura").json()["rol"] == "ventas"
    assert client.patch("/usuarios/pedro", json={"clave": "otra clave segura"}, headers=admin).status_code == 200
    assert _login(client, "pedro", "una clave segura").status_code == 401
    assert _login(client, "pedro", "otra clave segura").status_code == 200
    [modified, *_] = _events(client, tipo="usuario_modificado", usuario="jefa")
    assert modified["detalle"] == {"usuario": "pedro", "campos": ["clave"]}  # never the password itself
    assert _events(client, tipo="usuario_creado")[0]["actor"] == "jefa"


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"usuario": "ana", "nombre": "Ana", "rol": "ventas", "clave": "corta"}, 422),
        ({"usuario": "ana", "nombre": "Ana", "rol": "gerente", "clave": "una clave segura"}, 422),
        ({"usuario": "con espacio", "nombre": "Ana", "rol": "ventas", "clave": "una clave segura"}, 422),
        ({"usuario": "token:admin", "nombre": "Ana", "rol": "admin", "clave": "una clave segura"}, 422),
        ({"usuario": "agente", "nombre": "Ana", "rol": "admin", "clave": "una clave segura"}, 422),
        ({"usuario": "ana", "nombre": "Otra", "rol": "ventas", "clave": "una clave segura"}, 409),
    ],
)
def test_a_bad_or_repeated_account_is_refused(client: TestClient, body: dict[str, str], status: int) -> None:
    create_user(client, "ana", "ventas")
    assert_spanish_error(client.post("/usuarios/", json=body, headers=STAFF), status)


def test_patching_needs_something_to_change_and_an_existing_account(client: TestClient) -> None:
    create_user(client, "ana", "ventas")
    assert client.patch("/usuarios/ana", json={}, headers=STAFF).status_code == 422
    assert client.patch("/usuarios/ana", json={"rol": None}, headers=STAFF).status_code == 422
    assert client.patch("/usuarios/ana", json={"nombre": "x"}, headers=STAFF).status_code == 422
    assert_spanish_error(client.patch("/usuarios/nadie", json={"activo": False}, headers=STAFF), 404)


def test_the_last_active_admin_cannot_be_disabled_or_demoted(client: TestClient) -> None:
    create_user(client, "jefa", "admin")
    for change in ({"activo": False}, {"rol": "ventas"}):
        assert_spanish_error(client.patch("/usuarios/jefa", json=change, headers=STAFF), 409)
    create_user(client, "jefe", "admin")
    assert client.patch("/usuarios/jefa", json={"rol": "ventas"}, headers=STAFF).status_code == 200
    assert client.patch("/usuarios/jefe", json={"activo": False}, headers=STAFF).status_code == 409


def test_only_admin_manages_accounts(client: TestClient) -> None:
    create_user(client, "ana", "ventas")
    create_user(client, "luis", "inventario")
    for usuario in ("ana", "luis"):
        headers = login(client, usuario)
        assert_spanish_error(client.get("/usuarios/", headers=headers), 403)
        body = {"usuario": "intruso", "nombre": "X", "rol": "admin", "clave": "una clave segura"}
        assert client.post("/usuarios/", json=body, headers=headers).status_code == 403
        assert client.patch(f"/usuarios/{usuario}", json={"rol": "admin"}, headers=headers).status_code == 403
    assert client.get("/usuarios/").status_code == 401


# --- revocation ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("change", [{"activo": False}, {"rol": "inventario"}, {"clave": "una clave nueva"}])
def test_changing_an_account_revokes_its_tokens(client: TestClient, change: dict[str, Any]) -> None:
    create_user(client, "ana", "ventas")
    headers = login(client, "ana")
    assert client.get("/pedidos/", headers=headers).status_code == 200
    assert client.patch("/usuarios/ana", json=change, headers=STAFF).status_code == 200
    refused = client.get("/pedidos/", headers=headers)  # this container forgot the account at once
    assert_spanish_error(refused, 401)
    assert client.get("/auth/yo", headers=headers).status_code == 401


def test_a_change_made_by_another_container_is_seen_within_the_cache_lifetime(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [0.0]
    monkeypatch.setattr(authentication.ACCOUNTS, "clock", lambda: now[0])
    create_user(client, "ana", "ventas")
    headers = login(client, "ana")
    assert client.get("/pedidos/", headers=headers).status_code == 200
    with session_scope() as session:  # another container disables it: this one's cache does not know
        session.execute(update(StaffAccount).values(activo=False, version=StaffAccount.version + 1))
    now[0] += get_settings().staff_cache_ttl_s - 1
    assert client.get("/pedidos/", headers=headers).status_code == 200
    now[0] += 1
    assert client.get("/pedidos/", headers=headers).status_code == 401


# --- the chat with each role --------------------------------------------------------------------------------------


def test_the_chat_opens_any_conversation_to_ventas_and_admin_but_not_to_inventario(client: TestClient) -> None:
    for usuario, rol in (("ana", "ventas"), ("jefa", "admin"), ("luis", "inventario")):
        create_user(client, usuario, rol)
    first = client.post("/chat/texto", json={"chat_id": "roles-1", "mensaje": "hola"})
    assert first.status_code == 200
    message = {"chat_id": "roles-1", "mensaje": "¿tienen cascos?"}
    for usuario in ("ana", "jefa"):
        assert client.post("/chat/texto", json=message, headers=login(client, usuario)).status_code == 200
        assert client.get("/chat/historial/roles-1", headers=login(client, usuario)).status_code == 200
    inventario = login(client, "luis")  # an anonymous customer there: this conversation is someone else's
    assert_spanish_error(client.post("/chat/texto", json=message, headers=inventario), 403)
    assert client.get("/chat/historial/roles-1", headers=inventario).status_code == 403


def test_a_staff_chat_turn_about_a_customer_is_audited_with_the_usuario(client: TestClient) -> None:
    assert client.post("/clientes/", json=KNOWN_CUSTOMER, headers=STAFF).status_code == 201
    create_user(client, "ana", "ventas")
    body = {"chat_id": "asesora-1", "mensaje": f"datos del cliente {KNOWN_CUSTOMER['cedula']}"}
    answer = client.post("/chat/texto", json=body, headers=login(client, "ana"))
    assert answer.status_code == 200 and answer.json()["tipo_mensaje"] == "cliente"
    [read] = _events(client, tipo="cliente_consultado", usuario="ana")
    assert read["detalle"] == {"canal": "chat", "chat_id": "asesora-1"}


# --- audit events and /logs/ --------------------------------------------------------------------------------------


def test_staff_actions_are_audited_with_the_acting_usuario(client: TestClient) -> None:
    create_user(client, "ana", "ventas")
    create_user(client, "luis", "inventario")
    ventas, inventario = login(client, "ana"), login(client, "luis")
    product = CATALOG[1]
    assert client.post("/productos/", json=product, headers=inventario).status_code == 201
    assert client.patch(f"/productos/{product['sku']}", json={"stock": 50}, headers=inventario).status_code == 200
    assert client.post("/productos/importar", json=CATALOG[:1], headers=inventario).status_code == 200
    assert client.put("/empresa", json={"nombre": "X", "secciones": []}, headers=inventario).status_code == 200
    assert client.post("/clientes/", json=KNOWN_CUSTOMER, headers=ventas).status_code == 201
    assert client.get(f"/clientes/{KNOWN_CUSTOMER['cedula']}", headers=ventas).status_code == 200
    patch = client.patch(f"/clientes/{KNOWN_CUSTOMER['cedula']}", json={"ciudad": "Palmira"}, headers=ventas)
    assert patch.status_code == 200
    sale = {"cliente": {"cedula": KNOWN_CUSTOMER["cedula"]}, "items": [{"sku": product["sku"], "cantidad": 2}]}
    assert client.post("/ventas/", json=sale, headers=ventas).status_code == 201
    assert client.post("/chat/c-audit/control", json={"accion": "pausar"}, headers=ventas).status_code == 200
    assert client.post("/chat/c-audit/responder", json={"mensaje": "Hola"}, headers=ventas).status_code == 200
    assert client.delete(f"/productos/{product['sku']}", headers=inventario).status_code == 200

    by_luis = [e["tipo"] for e in _events(client, usuario="luis")]
    assert by_luis == [
        "producto_desactivado", "empresa_reemplazada", "productos_importados", "producto_modificado",
        "producto_creado",
    ]  # fmt: skip
    by_ana = [e["tipo"] for e in _events(client, usuario="ana")]
    assert by_ana == [
        "respuesta_asesor", "chat_pausado", "venta_cerrada", "cliente_modificado", "cliente_consultado",
        "cliente_creado",
    ]  # fmt: skip
    assert all(e["actor"] == "ana" for e in _events(client, usuario=" ana "))
    assert _events(client, tipo="producto_modificado")[0]["detalle"] == {"sku": product["sku"], "campos": ["stock"]}
    with session_scope() as session:
        assert "personal" not in set(session.scalars(select(AuditEvent.actor)))


def test_an_export_is_audited_with_the_usuario(client: TestClient) -> None:
    create_user(client, "ana", "ventas")
    ana = login(client, "ana")
    exported = client.get("/exportar/inventario", headers=ana)
    assert exported.status_code == 200, exported.text
    [event] = _events(client, tipo="exportacion")
    assert event["actor"] == "ana" and event["detalle"]["archivo"] == exported.json()["archivo"]
    archivo = exported.json()["archivo"]
    assert client.get(f"/files/exports/{archivo}", headers=ana, follow_redirects=False).status_code == 307
    [download] = _events(client, tipo="exporte_descargado")
    assert download["actor"] == "ana" and download["detalle"] == {"archivo": archivo}


def test_logs_filter_by_usuario_tipo_and_period(client: TestClient) -> None:
    with session_scope() as session:
        for tipo, actor, fecha in [
            ("venta_cerrada", "ana", "2026-11-01T10:00:00+00:00"),
            ("venta_cerrada", "luis", "2026-11-02T10:00:00+00:00"),
            ("cliente_consultado", "ana", "2026-11-03T23:59:00+00:00"),
            ("exportacion", "ana", "2026-11-05T08:00:00+00:00"),
        ]:
            session.add(AuditEvent(tipo=tipo, actor=actor, detalle={}, fecha=datetime.fromisoformat(fecha)))
    assert [(e["tipo"], e["actor"]) for e in _events(client, usuario="ana")] == [
        ("exportacion", "ana"), ("cliente_consultado", "ana"), ("venta_cerrada", "ana"),
    ]  # fmt: skip
    assert [e["actor"] for e in _events(client, tipo="venta_cerrada")] == ["luis", "ana"]
    in_period = _events(client, desde="2026-11-02", hasta="2026-11-03")  # whole days, `hasta` included
    assert [e["tipo"] for e in in_period] == ["cliente_consultado", "venta_cerrada"]
    assert [e["tipo"] for e in _events(client, usuario="ana", desde="2026-11-03T00:00:00Z")] == [
        "exportacion", "cliente_consultado",
    ]  # fmt: skip
    assert _events(client, usuario="nadie") == []
    page = client.get("/logs/", params={"limit": 1, "offset": 1}, headers=STAFF).json()
    assert set(page) == {"items", "limit", "offset"} and set(page["items"][0]) == {
        "id", "tipo", "actor", "detalle", "fecha",
    }  # fmt: skip
    assert client.get("/logs/", params={"desde": "ayer"}, headers=STAFF).status_code == 422


def test_the_schema_keeps_the_accounts_and_the_throttling(client: TestClient) -> None:
    with session_scope() as session:
        tables = set(session.scalars(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")).all())
    assert {"usuarios", "intentos_acceso"} <= tables


def test_a_websocket_connect_keeps_the_account_and_refuses_a_revoked_token(client: TestClient) -> None:
    from agente_vendedor.core.errors import UnauthorizedError
    from agente_vendedor.realtime import connections
    from agente_vendedor.realtime.admission import open_connection

    create_user(client, "ana", "ventas")
    create_user(client, "luis", "inventario")
    ana = login(client, "ana")["Authorization"].removeprefix("Bearer ")
    luis = login(client, "luis")["Authorization"].removeprefix("Bearer ")
    open_connection("ana=", "ws-roles", ana)
    stored = connections.get_connection("ana=")
    assert stored is not None and (stored.staff, stored.usuario, stored.version) == (True, "ana", 1)
    open_connection("luis=", "ws-roles", luis)  # inventario: a customer's connection
    stored = connections.get_connection("luis=")
    assert stored is not None and (stored.staff, stored.usuario) == (False, None)
    assert client.patch("/usuarios/ana", json={"activo": False}, headers=STAFF).status_code == 200
    with pytest.raises(UnauthorizedError):
        open_connection("ana-otra=", "ws-roles", ana)
    assert connections.get_connection("ana-otra=") is None


@pytest.mark.parametrize("text_value", ["\ud800", "ana\x00", "\x00", "ñandú 🦜"])
def test_odd_text_in_a_login_or_an_account_is_a_clean_4xx(client: TestClient, text_value: str) -> None:
    def send(method: str, url: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
        content = json.dumps(body).encode()  # \ud800 escaped, as a browser would send it
        return client.request(
            method, url, content=content, headers={"Content-Type": "application/json", **(headers or {})}
        )

    login_response = send("POST", "/auth/", {"usuario": text_value, "clave": text_value})
    assert login_response.status_code in (401, 422), login_response.text
    body = {"usuario": "ana", "nombre": text_value, "rol": "ventas", "clave": text_value + "0123456789"}
    created = send("POST", "/usuarios/", body, STAFF)
    assert created.status_code in (201, 422), created.text
    path = quote(text_value, safe="", errors="surrogatepass")
    patched = send("PATCH", f"/usuarios/{path}", {"activo": False}, STAFF)
    assert patched.status_code in (404, 422), patched.text
