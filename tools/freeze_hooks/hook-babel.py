"""The freezer's hook for Babel: only the data the game reads, not all 35 MB of locale data.

The game uses Babel to read and write PO catalogues; a catalogue's `Language:` header asks Babel
for at most the locale's own file, so the build carries the global data and the game's languages."""
from PyInstaller.utils.hooks import collect_data_files

KEEP = ("global.dat", "root.dat", "en.dat", "ja.dat", "LICENSE")
datas = [(source, target) for source, target in collect_data_files("babel")
         if source.replace("\\", "/").rsplit("/", 1)[-1] in KEEP or "locale-data" not in source.replace("\\", "/")]
