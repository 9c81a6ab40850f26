"""botocore's data loader (service models, endpoints) without two costs of creating the first client in a container
(20 to 30 ms of the init of every function that creates one, `make bench-coldstart`):

- which services exist: `Loader.list_available_services` opens every one of botocore/data's ~450 service
  directories to check that it holds the kind of model asked for, and each `create_client` asks twice (the model and
  its endpoint rules). Here only the directory of the service being loaded is checked, with the same answer for a
  service without that kind of model (`UnknownServiceError`: a client without endpoint rules falls back to
  botocore's legacy endpoints);
- JSON into dicts: botocore parses its files into OrderedDicts, which makes the 1.2 MB endpoints.json (read for the
  first client of every container) about three times slower to parse. Dicts keep the file's order too, and botocore
  only reads this data.

Both override botocore internals, and Lambda runs the runtime's botocore (the layer ships none): `fits_this_botocore`
checks them before `aws_clients` uses this loader, which otherwise keeps botocore's own. Loaded by `aws_clients`
when it creates its botocore session, not before.
"""

from __future__ import annotations

import inspect
import json
import os
from collections.abc import Callable
from typing import Any

from botocore.exceptions import DataNotFoundError, UnknownServiceError
from botocore.loaders import JSONFileLoader, Loader, instance_cache


class DictJSONFileLoader(JSONFileLoader):
    def _load_file(self, full_path: str, open_method: Callable[..., Any]) -> Any:
        if not os.path.isfile(full_path):
            return None
        with open_method(full_path, "rb") as file:
            return json.loads(file.read())


class DataLoader(Loader):
    FILE_LOADER_CLASS = DictJSONFileLoader

    def load_service_model(self, service_name: str, type_name: str, api_version: str | None = None) -> Any:
        try:
            self.list_api_versions(service_name, type_name)  # that service's directory only
        except DataNotFoundError:
            raise UnknownServiceError(
                service_name=service_name, known_service_names=", ".join(self.list_available_services(type_name))
            ) from None
        return super().load_service_model(service_name, type_name, api_version)

    @instance_cache
    def list_available_services(self, type_name: str) -> list[str]:
        """Every directory on the search path, whatever models it holds: `load_service_model` checks its service."""
        return sorted(
            {
                entry.name
                for path in self.search_paths
                if os.path.isdir(path)
                for entry in os.scandir(path)
                if entry.is_dir()
            }
        )


def fits_this_botocore() -> bool:
    """Whether the botocore found (the Lambda runtime's own, not the layer's) still reads files the way these
    overrides assume: `JSONFileLoader._load_file(full_path, open_method)` and `Loader.list_api_versions`. Otherwise
    `aws_clients` keeps botocore's own loader: slower to start, never wrong."""
    try:
        parameters = list(inspect.signature(getattr(JSONFileLoader, "_load_file")).parameters)  # noqa: B009
    except (AttributeError, TypeError, ValueError):
        return False
    return parameters == ["self", "full_path", "open_method"] and callable(getattr(Loader, "list_api_versions", None))


def data_loader(data_path: str | None) -> DataLoader:
    """What `botocore.loaders.create_loader` makes, as this module's loader: `data_path` is the session's
    `data_path` setting (AWS_DATA_PATH), searched before botocore's own models."""
    extra = [os.path.expanduser(os.path.expandvars(path)) for path in (data_path or "").split(os.pathsep) if path]
    return DataLoader(extra_search_paths=extra or None)
