"""The build: editable sources -> typed rows -> Arrow tables -> (the checks) -> Parquet files and
the SHA256SUMS manifest. Nothing else: the generated documentation is nkru.publish's."""

from nkru.build.tables import build_tables
from nkru.build.write import build

__all__ = ["build", "build_tables"]
