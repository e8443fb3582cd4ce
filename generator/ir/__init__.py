"""Stage 2: the API model (frozen dataclasses) and its builder.

    from generator.ir.build import build_api
    api = build_api(doc)
"""
