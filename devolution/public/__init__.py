"""The public record (SPEC §15, Transparency): what Londoners see without an account, the
decisions register and the open data, each read through the one publication selector."""
