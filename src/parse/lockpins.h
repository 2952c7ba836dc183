/* lockpins.h: the pins of a lock venvmk lock replaces, the versions it prefers to keep; pure. */

struct strlist;

/*
 * The pins ("canon==version") of the LEN bytes TEXT of the lock PATH, appended to PINS: a
 * pylock.toml, Pipfile.lock or uv.lock when PARSED (by PATH's name, as lockparse reads it),
 * else a requirements file in the hash-checking form (the "name==version" that begin its
 * lines).
 * Each pin is a line of pip's constraints file: canon a PEP 503 normalized project name,
 * version one PEP 440 reads, of printable ASCII with no space. A name and version that do
 * not make one are not kept, with a warning at PATH:LINE. Returns 0, or -1 after
 * warn("PATH:LINE: ...") when the lock does not parse.
 */
int lockpins(const char *text, size_t len, const char *path, bool parsed, struct strlist *pins);
