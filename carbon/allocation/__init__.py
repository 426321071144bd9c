"""Enterprise allowance allocation: rules, methods, market clearing, compliance per firm.

``carbon allocate RULES.toml`` runs :func:`allocate_to`; the stages are plain functions in
:mod:`~carbon.allocation.rules`, :mod:`~carbon.allocation.inputs`,
:mod:`~carbon.allocation.methods`, :mod:`~carbon.allocation.market`,
:mod:`~carbon.allocation.compliance` and :mod:`~carbon.allocation.output`.
"""

from carbon.allocation.market import MarketInput, clear_lp, clear_market, merit_order
from carbon.allocation.output import format_allocation_summary, write_allocation
from carbon.allocation.run import allocate_to, run_allocation

__all__ = ["MarketInput", "clear_market", "clear_lp", "merit_order", "allocate_to",
           "format_allocation_summary", "run_allocation", "write_allocation"]
