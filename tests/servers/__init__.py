"""Real servers for the client tests: a fault server and recorder, and Prism (see rig.py)."""
