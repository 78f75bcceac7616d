"""NKRU-fr's Python entry point: `load(config)` -> DatasetDict, and `CONFIGS`.

From a checkout: `import loader` with the checkout on sys.path. Installed (`pip install .`), the
same functions are `nkru.loader.load` and `nkru.loader.CONFIGS`; no top-level `loader` module is
installed, so nothing can collide with another package's `loader`.
"""

from nkru.loader import CONFIGS, load

__all__ = ["CONFIGS", "load"]
