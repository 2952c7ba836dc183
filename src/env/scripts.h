/* scripts.h: entry points, the console launchers pip writes for them, and #!python shebangs. */

struct ep {
	char *name, *value;
};

struct eplist {
	struct ep *v;
	size_t n, cap;
};

/* the entry points in entry_points.txt TEXT, read as importlib.metadata reads them, appended to CONSOLE and GUI */
void epparse(const char *text, struct eplist *console, struct eplist *gui);
/* free the entries of L */
void epclear(struct eplist *l);
/* the launchers to write, as pip's get_console_script_specs: pip, pipX, pipX.Y for Python MAJOR.MINOR */
void scriptspecs(const struct eplist *console, int major, int minor, struct eplist *out);
/* append the shebang distlib writes for PYTHON to B: the /bin/sh form when too long or with a space */
void shebang(const char *python, struct buf *b);
/* the text of the launcher for entry point EP, as distlib's ScriptMaker writes it; NULL after warn() naming ENTRY */
char *launcher(const char *entry, const struct ep *ep, const char *python);
/* whether NAME is a setuptools wrapper of an entry point (NAME, NAME.exe, NAME-script.py, NAME.pya) */
bool iswrapper(const char *name, const struct eplist *console, const struct eplist *gui);
