"""``DocumentStore`` on any S3 server (SeaweedFS locally, MinIO, AWS) through the minio SDK.

The bucket keeps every version of an object (S3 versioning, switched on when the bucket is
first used), and each object is encrypted by the store (SSE-S3) unless configured off. The
service never overwrites an object (a document made again is a new key); versioning keeps
even a mistaken overwrite recoverable."""

from __future__ import annotations

import io
import logging
import threading
from dataclasses import dataclass

import urllib3
from minio import Minio
from minio.error import S3Error
from minio.sse import SseS3
from minio.versioningconfig import ENABLED, VersioningConfig

from services.documents.common import sha256_hex
from services.documents.ports import ObjectMissing, StoredObject, StoreError
from shared.config import Config

log = logging.getLogger(__name__)

SHA256_META = "sha256"
_MISSING_CODES = {"NoSuchKey", "NoSuchObject", "ResourceNotFound", "NoSuchBucket"}
_BUCKET_RACE_CODES = {"BucketAlreadyOwnedByYou", "BucketAlreadyExists"}


@dataclass(frozen=True)
class S3Settings:
    endpoint: str
    access_key: str
    secret_key: str
    bucket: str
    secure: bool = False
    region: str = "us-east-1"
    #: the store encrypts each object (SSE-S3)
    encrypt: bool = True

    @classmethod
    def from_config(cls, config: Config) -> S3Settings:
        return cls(
            endpoint=config["S3_ENDPOINT"],
            access_key=config["S3_ACCESS_KEY"],
            secret_key=config["S3_SECRET_KEY"],
            bucket=config["S3_BUCKET"],
            secure=config.flag("S3_SECURE"),
            region=config["S3_REGION"] or "us-east-1",
            encrypt=_encryption(config["S3_SERVER_SIDE_ENCRYPTION"]),
        )


def _encryption(value: str) -> bool:
    chosen = value.strip().lower()
    if chosen not in ("aes256", "none"):
        raise ValueError("S3_SERVER_SIDE_ENCRYPTION must be AES256 or none")
    return chosen == "aes256"


class MinioStore:
    """Objects in one bucket, made on first use (never at import or start-up, so a web
    process starts even while the store is down; readiness reports it)."""

    def __init__(self, settings: S3Settings, timeout: float = 30.0) -> None:
        self.settings = settings
        self._http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=5.0, read=timeout),
            retries=urllib3.Retry(
                total=3, backoff_factor=0.2, status_forcelist=(500, 502, 503, 504)
            ),
            maxsize=10,
        )
        self._client = Minio(
            settings.endpoint,
            access_key=settings.access_key,
            secret_key=settings.secret_key,
            secure=settings.secure,
            region=settings.region,
            http_client=self._http,
        )
        self._bucket_ready = False
        self._lock = threading.Lock()

    @property
    def bucket(self) -> str:
        return self.settings.bucket

    def ensure_bucket(self) -> None:
        with self._lock:
            if self._bucket_ready:
                return
            try:
                if not self._client.bucket_exists(self.bucket):
                    try:
                        self._client.make_bucket(self.bucket, location=self.settings.region)
                        log.info("created bucket %s", self.bucket)
                    except S3Error as exc:
                        if exc.code not in _BUCKET_RACE_CODES:  # another process made it
                            raise
                self._client.set_bucket_versioning(self.bucket, VersioningConfig(ENABLED))
            except (S3Error, urllib3.exceptions.HTTPError, OSError) as exc:
                raise StoreError(f"object store unavailable: {type(exc).__name__}") from exc
            self._bucket_ready = True

    def put(
        self, key: str, data: bytes, content_type: str, metadata: dict[str, str] | None = None
    ) -> StoredObject:
        self.ensure_bucket()
        digest = sha256_hex(data)
        meta = {**(metadata or {}), SHA256_META: digest}
        try:
            self._client.put_object(
                self.bucket,
                key,
                io.BytesIO(data),
                len(data),
                content_type=content_type,
                metadata=meta,  # type: ignore[arg-type]
                sse=SseS3() if self.settings.encrypt else None,
            )
        except (S3Error, urllib3.exceptions.HTTPError, OSError) as exc:
            raise StoreError(f"could not store {key}: {type(exc).__name__}") from exc
        return StoredObject(key=key, sha256=digest, size=len(data))

    def get(self, key: str) -> bytes:
        self.ensure_bucket()
        response = None
        try:
            response = self._client.get_object(self.bucket, key)
            return bytes(response.read())
        except S3Error as exc:
            if exc.code in _MISSING_CODES:
                raise ObjectMissing(key) from exc
            raise StoreError(f"could not read {key}: {exc.code}") from exc
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise StoreError(f"could not read {key}: {type(exc).__name__}") from exc
        finally:
            if response is not None:
                response.close()
                response.release_conn()

    def stat(self, key: str) -> StoredObject | None:
        """Key, recorded SHA-256 (object metadata) and size; None when absent."""
        self.ensure_bucket()
        try:
            found = self._client.stat_object(self.bucket, key)
        except S3Error as exc:
            if exc.code in _MISSING_CODES:
                return None
            raise StoreError(f"could not stat {key}: {exc.code}") from exc
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise StoreError(f"could not stat {key}: {type(exc).__name__}") from exc
        meta = {k.lower(): v for k, v in (found.metadata or {}).items()}
        digest = meta.get(f"x-amz-meta-{SHA256_META}", "")
        return StoredObject(key=key, sha256=str(digest), size=int(found.size or 0))

    def exists(self, key: str) -> bool:
        return self.stat(key) is not None

    def check(self) -> None:
        # A signed request: proves the endpoint answers AND our keys are accepted.
        try:
            self._client.bucket_exists(self.bucket)
        except (S3Error, urllib3.exceptions.HTTPError, OSError) as exc:
            raise StoreError(f"object store unavailable: {type(exc).__name__}") from exc
