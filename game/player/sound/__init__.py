"""Sound synthesised from code: periodic signal blocks, the ambience loops and the UI effects."""
