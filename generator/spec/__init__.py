"""Stage 1: read, resolve and validate spec files. The only package that reads spec files.

    doc = load_spec(Path("specs/azure-openai/v1.yaml"))
    node = doc.resolve("#/components/schemas/Model", base="", at="/paths/...")
"""
