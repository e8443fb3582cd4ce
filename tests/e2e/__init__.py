"""End-to-end tests of generated clients against real loopback servers (docs/testing.md)."""
