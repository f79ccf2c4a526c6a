"""The register of interests and the declarations made at meetings (SPEC §9; seed 004 §7)."""
