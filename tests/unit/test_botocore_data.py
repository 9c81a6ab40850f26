"""The botocore data loader of `aws_clients` answers as botocore's own (platform/botocore_data.py)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from botocore.exceptions import DataNotFoundError, UnknownServiceError
from botocore.loaders import create_loader

from agente_vendedor.platform.botocore_data import DataLoader, data_loader, fits_this_botocore


def test_the_models_and_endpoints_are_botocores() -> None:
    ours, botocores = data_loader(None), create_loader()
    assert ours.load_service_model("dynamodb", "service-2") == botocores.load_service_model("dynamodb", "service-2")
    assert ours.load_data("endpoints") == botocores.load_data("endpoints")
    assert type(ours.load_data("partitions")) is dict


@pytest.mark.parametrize(
    ("service", "kind"),
    [
        ("apigatewaymanagementapi", "waiters-2"),  # a service without that kind of model
        ("servicio-inexistente", "service-2"),
    ],
)
def test_a_model_botocore_does_not_have_is_an_unknown_service(service: str, kind: str) -> None:
    for loader in (data_loader(None), create_loader()):
        with pytest.raises(UnknownServiceError):
            loader.load_service_model(service, kind)


def test_an_api_version_botocore_does_not_have_is_data_not_found() -> None:
    with pytest.raises(DataNotFoundError) as raised:
        data_loader(None).load_service_model("dynamodb", "service-2", "1999-01-01")
    assert not isinstance(raised.value, UnknownServiceError)


def test_the_data_path_setting_is_searched_first(tmp_path: Path) -> None:
    version = tmp_path / "dynamodb" / "2012-08-10"
    version.mkdir(parents=True)
    (version / "waiters-2.json").write_text(json.dumps({"version": 2, "waiters": {}}), "utf-8")
    loader = data_loader(f"{tmp_path}{os.pathsep}")
    assert loader.load_service_model("dynamodb", "waiters-2") == {"version": 2, "waiters": {}}
    assert "dynamodb" in loader.list_available_services("service-2")


def test_the_clients_are_made_with_it() -> None:
    from agente_vendedor.platform.aws_clients import _session, client

    dynamodb = client("dynamodb")
    assert isinstance(_session().get_component("data_loader"), DataLoader)
    assert "table_exists" in dynamodb.waiter_names
    assert dynamodb.can_paginate("scan")


def test_this_botocore_fits_the_overrides() -> None:
    assert fits_this_botocore()  # the pinned botocore of the tests: the faster loader is used


def test_a_botocore_whose_internals_changed_keeps_its_own_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    from botocore.loaders import JSONFileLoader

    from agente_vendedor.platform.aws_clients import _session, reset_clients

    def _load_file(self: object, full_path: str, open_method: object, encoding: str = "utf-8") -> None:
        return None  # a made-up newer signature

    monkeypatch.setattr(JSONFileLoader, "_load_file", _load_file)
    reset_clients()
    assert not fits_this_botocore()
    assert not isinstance(_session().get_component("data_loader"), DataLoader)
    reset_clients()
