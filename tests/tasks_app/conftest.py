from tests.helpers import SEED_NOTICE as SEED

__all__ = ["SEED"]
