"""`main.py analyze`: per chapter, whether the choices matter, how the endings are decided, and how a run reads."""
