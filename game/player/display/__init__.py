"""Drawing: the window and its logical canvas, fonts and text, the theme, frame timing, and the picture layers behind the text."""
