"""The fixed vocabulary of planning sectors (DESIGN.md, "Conventions for every file").

Inventory categories map to these sectors (``data/categories.csv``), technologies belong to one,
and rules (caps, peaks, allocation) name one or ``total``.
"""

SECTORS: tuple[str, ...] = ("power", "building_materials", "transport", "industry", "buildings",
                            "agriculture", "waste", "land")
TOTAL = "total"
