# A plain X11 text field for the paste test: a GTK entry that writes its text to a file on every change.
import sys

import gi

gi.require_version("Gtk", "3.0")
from gi.repository import Gtk  # noqa: E402

out = sys.argv[1]
window = Gtk.Window(title="sokhan-paste-target")
entry = Gtk.Entry()
window.add(entry)


def changed(field):
    with open(out, "w", encoding="utf-8") as handle:
        handle.write(field.get_text())


entry.connect("changed", changed)
window.connect("destroy", Gtk.main_quit)
window.show_all()
entry.grab_focus()
print("ready", flush=True)
Gtk.main()
