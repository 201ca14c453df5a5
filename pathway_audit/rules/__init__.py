"""Rule packs (data) and the engine that runs their detectors (code)."""
