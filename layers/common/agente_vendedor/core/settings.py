"""All configuration in one place, read from the environment (contract §1)."""

from __future__ import annotations

import secrets
from functools import lru_cache
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore", case_sensitive=False)

    # Database: a full URL locally, or the Aurora secret in AWS.
    database_url: str | None = None
    db_secret_arn: str | None = None
    db_name: str = "agente"
    db_statement_timeout_ms: int = 5000
    # Session guards on every connection: a lock wait or a forgotten open transaction fails fast instead of
    # piling up requests (DB_LOCK_TIMEOUT_MS, DB_IDLE_IN_TRANSACTION_TIMEOUT_MS; 0 disables).
    db_lock_timeout_ms: int = Field(default=5000, ge=0)
    db_idle_in_transaction_timeout_ms: int = Field(default=30000, ge=0)
    db_pool_size: int = 2
    # Aurora Serverless v2 with MinACU 0 pauses once no connection is open, and resumes (about 15 s, longer after a
    # day paused) when one is asked for. A connection attempt waits up to DB_CONNECT_TIMEOUT_S (retrying refusals
    # meanwhile), below the functions' 29 s timeout; the server closes a connection idle for
    # DB_IDLE_SESSION_TIMEOUT_MS so that warm containers holding their pool do not keep the database awake
    # (0 disables); a query's socket then waits DB_SOCKET_TIMEOUT_S at most.
    db_connect_timeout_s: float = Field(default=25.0, gt=0)
    db_idle_session_timeout_ms: int = Field(default=120000, ge=0)
    db_socket_timeout_s: float = Field(default=10.0, gt=0)

    demo_data: bool = Field(default=True, alias="AGENTE_DEMO_DATA")
    admin_token: str | None = Field(default=None, alias="AGENTE_ADMIN_TOKEN")
    admin_token_secret_arn: str | None = None
    # Staff accounts (contract §2): tokens signed with AGENTE_JWT_SECRET (local) or the secret at JWT_SECRET_ARN
    # (AWS), valid `staff_token_ttl_s`; an account's state is cached `staff_cache_ttl_s` per container, so disabling
    # it (or changing its role or password) revokes its tokens within that time.
    jwt_secret: str | None = Field(default=None, alias="AGENTE_JWT_SECRET")
    jwt_secret_arn: str | None = None
    staff_token_ttl_s: int = Field(default=3600, ge=60, le=12 * 3600)
    staff_cache_ttl_s: float = Field(default=30.0, ge=0, le=60)
    # Failed logins: `login_max_failures_per_user` (per usuario) or `login_max_failures_per_ip` (per source IP) within
    # `login_failure_window_s` lock that key for `login_lockout_s` (429), across containers (PostgreSQL).
    login_max_failures_per_user: int = Field(default=5, ge=1)
    login_max_failures_per_ip: int = Field(default=20, ge=1)
    login_failure_window_s: int = Field(default=900, ge=1)
    login_lockout_s: int = Field(default=300, ge=1)

    # LLM
    llm_provider: Literal["auto", "gemini", "offline"] = "auto"
    google_api_key: str | None = None
    gemini_secret_arn: str | None = None
    gemini_model: str = "gemini-3.5-flash-lite"
    gemini_base_url: str | None = None
    llm_timeout_s: float = 10.0
    # A streamed reply that sends nothing for this long once started has stalled: the draft completes the answer.
    llm_stream_idle_s: float = Field(default=3.0, gt=0)
    retrieval_timeout_s: float = 5.0
    turn_timeout_s: float = 20.0
    # An HTTP turn not finished by then answers a Spanish 503 (API Gateway cuts at 29 s with its own English error).
    turn_answer_limit_s: float = 25.0
    # Circuit breaker of the model (shared by the container's requests): open after this many failed calls in a
    # row, for `breaker_cooldown_s`; a rejected key or a retired model opens it at once for the longer cooldown.
    breaker_failure_threshold: int = Field(default=3, ge=1)
    breaker_cooldown_s: float = Field(default=30.0, ge=0)
    breaker_configuration_cooldown_s: float = Field(default=120.0, ge=0)  # then one call tries the key again

    # DynamoDB / S3
    aws_region: str = Field(default="us-east-1", alias="AWS_REGION")
    aws_endpoint_url: str | None = Field(default=None, alias="AWS_ENDPOINT_URL")
    sessions_table: str = "agente-sesiones"
    connections_table: str = "agente-conexiones"
    idempotency_table: str = "agente-idempotencia"
    session_ttl_days: int = 30
    history_window: int = 10

    # Exports and files
    storage_backend: Literal["s3", "local"] = "s3"
    exports_bucket: str = "agente-exportes"
    s3_endpoint_url: str | None = None
    s3_access_key_id: str | None = None
    s3_secret_access_key: str | None = None
    local_exports_dir: str = "exports"
    local_public_url: str = "http://127.0.0.1:8001"
    local_signing_key: str = Field(default_factory=lambda: secrets.token_hex(32))
    export_url_expiry_s: int = 3600
    export_retention_days: int = 7
    # Photos and voice notes uploaded straight to the bucket (`POST /chat/subida`, under `subidas/`): the presigned
    # POST is valid this long, and the bucket's lifecycle (template.yaml, UploadRetentionDays) removes them after.
    upload_url_expiry_s: int = Field(default=300, ge=30, le=3600)

    # Metrics: EMF to CloudWatch only inside Lambda with a namespace (platform/turn_metrics.py); the LLM cost
    # estimate of `GET /metricas` uses these prices per million tokens (Gemini Flash-Lite list prices by default).
    metrics_namespace: str | None = Field(default=None, alias="POWERTOOLS_METRICS_NAMESPACE")
    lambda_function_name: str | None = Field(default=None, alias="AWS_LAMBDA_FUNCTION_NAME")
    llm_usd_per_million_input_tokens: float = Field(default=0.10, ge=0)
    llm_usd_per_million_output_tokens: float = Field(default=0.40, ge=0)

    # WebSocket
    ws_endpoint_url: str | None = None  # custom domain for @connections; default from the event

    cors_origins: str = "*"
    port: int = 8001

    @property
    def llm_enabled(self) -> bool:
        if self.llm_provider == "offline":
            return False
        if self.llm_provider == "gemini":
            return True
        return bool(self.google_api_key or self.gemini_secret_arn)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
