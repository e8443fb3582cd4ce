"""Stage: views + Jinja templates -> {relative path: text}; nothing here writes files."""
